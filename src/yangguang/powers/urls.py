"""URLs of the power lists: ``public`` under ``/powers/`` (namespace ``powers``) and
``office`` under ``/office/powers/`` (namespace ``powers_office``)."""

from django.urls import path, re_path

from yangguang.powers.views import code_format as cf
from yangguang.powers.views import office as o
from yangguang.powers.views import public as p
from yangguang.powers.views import review as r

public = (
    [
        path("", p.catalogue, name="catalogue"),
        path("org/<str:code>/", p.organisation, name="organisation"),
        path("org/<str:code>/compare/", p.compare, name="compare"),
        re_path(
            r"^org/(?P<code>[^/]+)/download\.(?P<fmt>csv|json|xlsx)$", p.download, name="download"
        ),
        path("org/<str:code>/item/<str:item_code>/", p.item, name="item"),
    ],
    "powers",
)

office = (
    [
        path("", o.index, name="index"),
        path("report/", o.report, name="report"),
        path("<str:code>/", o.working_list, name="list"),
        path("<str:code>/item/<int:pk>/", o.item, name="item"),
        path("<str:code>/item/new/", r.item_new, name="item_new"),
        path("<str:code>/item/<int:pk>/edit/", r.item_edit, name="item_edit"),
        path("<str:code>/item/<int:pk>/delete/", r.item_delete, name="item_delete"),
        path("<str:code>/item/<int:pk>/decision/", r.decide, name="decide"),
        path("<str:code>/step/<str:step>/", r.step, name="step"),
        path("<str:code>/history/", r.history, name="history"),
        path("<str:code>/changes/", r.changes, name="changes"),
        path("<str:code>/export.xlsx", o.export, name="export"),
        path("<str:code>/import/", o.import_upload, name="import"),
        path("<str:code>/code-format/", cf.code_format, name="code_format"),
        path("<str:code>/import/<str:job>/", o.import_job, name="import_job"),
        path("<str:code>/import/<str:job>/progress/", o.import_progress, name="import_progress"),
    ],
    "powers_office",
)
