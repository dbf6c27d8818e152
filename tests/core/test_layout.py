from django.test import Client


def test_sidebar_links_every_section(world):
    client = Client()
    client.force_login(world.users["inspector"])
    html = client.get("/office/").content.decode()
    for label, url in [
        ("首页", "/office/"),
        ("单位", "/office/orgs/"),
        ("岗位", "/office/posts/"),
        ("人员", "/office/people/"),
        ("领导分工", "/office/orgs/principal-rule/"),
        ("留痕", "/audit/trail/"),
    ]:
        assert f'href="{url}"' in html and label in html, label
    assert 'aria-current="page">首页' in html
    for url in (
        "/office/orgs/",
        "/office/posts/",
        "/office/people/",
        "/office/orgs/principal-rule/",
    ):
        assert client.get(url).status_code == 200, url
