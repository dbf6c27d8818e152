"""The public forms' challenge cannot be read off the page by a script (issue 25 point 3):
the page holds a picture served by this site and a token whose answer is encrypted."""

from __future__ import annotations

import base64
import io
import json
import re
import time

import pytest
from django.core import signing
from django.test import Client
from PIL import Image

from yangguang.core.errors import DomainError
from yangguang.disclosure import abuse, challenge

FORMS = ("/complaints/", "/requests/new/")


def _token(html: str) -> str:
    return re.search(r'name="captcha_token" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("url", FORMS)
def test_the_page_holds_a_picture_and_no_answer(tree, url):
    html = Client().get(url).content.decode()
    token = _token(html)
    answer = challenge.answer_of(token)
    assert answer and len(answer) == 4 and answer.isdigit()
    image_url = re.search(r'<img src="([^"]+)"[^>]*data-challenge-image', html).group(1)
    assert image_url == f"/challenge/{token}.png"
    assert "等于几" not in html and "What is" not in html  # no question in words any more
    # what the old solver did (the token is signed, not sealed) no longer works
    with pytest.raises(signing.BadSignature):
        signing.loads(token, salt="yangguang.disclosure.captcha")
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert answer.encode() not in raw
    with pytest.raises(ValueError):
        json.loads(raw)


def test_the_picture_is_a_png_drawn_here(db):
    fresh = challenge.new()
    response = Client().get(fresh["image_url"])
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    picture = Image.open(io.BytesIO(response.content))
    assert picture.size == (challenge.WIDTH, challenge.HEIGHT)
    assert len(response.content) < 30_000
    assert Client().get(fresh["image_url"]).content == response.content  # the same each time
    # another token's picture differs; a forged or altered token has none
    assert challenge.png(challenge.new()["token"]) != response.content
    forged = fresh["token"][:-2] + ("AA" if fresh["token"][-2:] != "AA" else "BB")
    assert Client().get(f"/challenge/{forged}.png").status_code == 404
    assert Client().get("/challenge/not-a-token.png").status_code == 404


def test_the_answer_counts_once_and_in_time(db, monkeypatch):
    fresh = challenge.new()
    answer = challenge.answer_of(fresh["token"])
    wrong = "".join("2" if c != "2" else "3" for c in answer)
    with pytest.raises(DomainError):
        abuse.captcha_check(fresh["token"], wrong)
    full_width = answer.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    abuse.captcha_check(fresh["token"], full_width)  # typed on a Chinese keyboard
    with pytest.raises(DomainError):
        abuse.captcha_check(fresh["token"], answer)  # used already
    late = challenge.new()
    late_answer = challenge.answer_of(late["token"])
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + challenge.MAX_AGE + 1)
    with pytest.raises(DomainError) as exc:
        abuse.captcha_check(late["token"], late_answer)  # too late
    assert exc.value.field == "captcha"


def test_another_picture_on_request(db):
    response = Client().get("/challenge/new.json")
    assert response.status_code == 200
    fresh = response.json()
    assert challenge.answer_of(fresh["token"]) and fresh["image_url"].endswith(".png")
