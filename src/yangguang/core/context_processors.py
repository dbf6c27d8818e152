from django.conf import settings


def platform(request):
    return {"YG_DEMO": settings.DEMO}
