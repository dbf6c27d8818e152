from django.urls import path, re_path

from yangguang.flows import views as v

app_name = "flows_office"
urlpatterns = [
    path("", v.office_list, name="list"),
    re_path(r"^catalogue\.(?P<fmt>xlsx|pdf)$", v.catalogue, name="catalogue"),
    path("power/<int:power_pk>/create/", v.model_create, name="create"),
    path("model/<int:pk>/", v.editor, name="editor"),
    path("model/<int:pk>/step/<int:node_pk>/", v.step_row, name="step_row"),
    path("model/<int:pk>/do/<slug:name>/", v.action, name="action"),
    path("model/<int:pk>/chart.svg", v.chart_svg, name="svg"),
    path("model/<int:pk>/poster.pdf", v.poster, name="poster"),
    path("model/<int:pk>/model.bpmn", v.bpmn, name="bpmn"),
]
