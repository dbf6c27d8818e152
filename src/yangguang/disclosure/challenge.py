"""The public forms' challenge (验证码): four digits drawn, distorted, in a small PNG served
by this site (Pillow; no outside service, no network).

The page carries only a token: the answer inside it is encrypted (AES-GCM under a key
derived from ``SECRET_KEY``), so a script reading the page learns nothing from it, and has
to read the picture as a person does. The token also holds when it was made (it is good
for ``MAX_AGE`` seconds) and a nonce (each token answers once: ``abuse.captcha_check``).
The picture is drawn from the token alone, the same each time it is fetched, with the
digits at random sizes, angles and places, crossed by curves and sprinkled with dots.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import math
import random
import secrets
import time

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from yangguang.core.errors import DomainError

MAX_AGE = 1800  # seconds a challenge stays good
DIGITS = 4
SYMBOLS = "02345689"  # not 1 and 7, which a slant makes alike
WIDTH, HEIGHT = 168, 64
_INFO = b"yangguang.disclosure.challenge.v1"
_MAX_TOKEN = 200  # characters; anything longer is not one of ours


def _key() -> bytes:
    return hashlib.sha256(_INFO + settings.SECRET_KEY.encode("utf-8")).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new() -> dict[str, str]:
    """A fresh challenge: its token (for the form's hidden field) and its picture's URL."""
    answer = "".join(secrets.choice(SYMBOLS) for _ in range(DIGITS))
    body = json.dumps({"a": answer, "n": secrets.token_hex(8), "t": int(time.time())})
    iv = secrets.token_bytes(12)
    token = _b64(iv + AESGCM(_key()).encrypt(iv, body.encode("utf-8"), _INFO))
    url = reverse("public_disclosure:challenge_image", args=[token])
    return {"token": token, "image_url": url}


def _open(token: str | None) -> dict | None:
    """What a token says, if it is one of ours and still good; else None."""
    if not token or len(token) > _MAX_TOKEN:
        return None
    try:
        raw = _unb64(token)
        data = json.loads(AESGCM(_key()).decrypt(raw[:12], raw[12:], _INFO))
    except (binascii.Error, ValueError, InvalidTag, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or time.time() - data.get("t", 0) > MAX_AGE:
        return None
    return data


def answer_of(token: str | None) -> str | None:
    """The digits a token asks for (the server's side only: it needs ``SECRET_KEY``)."""
    data = _open(token)
    return data["a"] if data else None


def nonce_of(token: str | None) -> str | None:
    data = _open(token)
    return data["n"] if data else None


# --- the picture ---------------------------------------------------------------------------


def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _colour(rng: random.Random, low: int, high: int) -> tuple[int, int, int]:
    return tuple(rng.randint(low, high) for _ in range(3))


def _curve(draw: ImageDraw.ImageDraw, rng: random.Random, width: int) -> None:
    """A wavy line across the picture."""
    amplitude, phase = rng.uniform(4, 14), rng.uniform(0, math.tau)
    period, middle = rng.uniform(40, 120), rng.uniform(HEIGHT * 0.25, HEIGHT * 0.75)
    points = [
        (x, middle + amplitude * math.sin(phase + math.tau * x / period))
        for x in range(-5, WIDTH + 6, 4)
    ]
    draw.line(points, fill=_colour(rng, 40, 150), width=width)


def png(token: str) -> bytes:
    """The picture of a token's digits (drawn the same each time for the same token)."""
    data = _open(token)
    if data is None:
        raise LookupError("not a valid challenge")
    rng = random.Random(data["n"])  # noqa: S311 (noise, not a secret: the answer is)
    image = Image.new("RGB", (WIDTH, HEIGHT), _colour(rng, 225, 250))
    draw = ImageDraw.Draw(image)
    for _ in range(3):
        _curve(draw, rng, 1)
    step = (WIDTH - 16) / DIGITS
    for i, digit in enumerate(data["a"]):
        size = rng.randint(32, 42)
        glyph = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (size // 2, size // 4), digit, font=_font(size), fill=(*_colour(rng, 10, 110), 255)
        )
        glyph = glyph.crop(glyph.getbbox())
        glyph = glyph.rotate(rng.uniform(-22, 22), resample=Image.Resampling.BICUBIC, expand=True)
        centre_x = 8 + step * (i + 0.5) + rng.uniform(-5, 5)
        centre_y = HEIGHT / 2 + rng.uniform(-6, 6)
        x = int(min(max(centre_x - glyph.width / 2, 0), WIDTH - glyph.width))
        y = int(min(max(centre_y - glyph.height / 2, 0), HEIGHT - glyph.height))
        image.paste(glyph, (x, y), glyph)
    for _ in range(2):
        _curve(draw, rng, 2)
    for _ in range(160):
        draw.point((rng.randrange(WIDTH), rng.randrange(HEIGHT)), fill=_colour(rng, 0, 200))
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# --- the views ---------------------------------------------------------------------------


@never_cache
def image(request, token: str):
    """``/challenge/<token>.png``: the picture of a challenge (404 for anything else)."""
    try:
        body = png(token)
    except LookupError:
        raise Http404 from None
    response = HttpResponse(body, content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def fresh(request):
    """``/challenge/new.json``: another challenge, for the form's "another picture" button
    (counted like a lookup, so that pictures cannot be fetched without end)."""
    from yangguang.disclosure import abuse

    try:
        abuse.hit("lookup", abuse.client_key(request))
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=429)
    return JsonResponse(new())
