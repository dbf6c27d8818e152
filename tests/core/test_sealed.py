"""core.sealed: one implementation of the keyed sealing of personal data."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.checks import run_checks

from yangguang.core import sealed
from yangguang.disclosure import protect


def _old_reporter_fernet() -> Fernet:
    """The key the reporters' identities were sealed with before ``core.sealed``."""
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"yangguang.reporter", info=b"identity v1"
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def test_identities_sealed_before_still_open(monkeypatch):
    monkeypatch.delenv("YANGGUANG_REPORTER_KEY", raising=False)
    old = _old_reporter_fernet().encrypt(json.dumps({"name": "张三", "contact": "139"}).encode())
    assert protect.unseal(old) == {"name": "张三", "contact": "139"}
    assert json.loads(_old_reporter_fernet().decrypt(protect.seal({"name": "李四"}))) == {
        "name": "李四"
    }
    key = Fernet.generate_key()
    monkeypatch.setenv("YANGGUANG_REPORTER_KEY", key.decode())
    assert json.loads(Fernet(key).decrypt(protect.seal({"name": "王五"}))) == {"name": "王五"}
    assert protect.unseal(old) == {"name": "?", "contact": "?"}  # another key: no crash


def test_each_purpose_has_its_own_key(monkeypatch):
    for p in sealed.PURPOSES.values():
        monkeypatch.delenv(p.env, raising=False)
    token = sealed.seal(sealed.REQUESTER, "13812345678")
    assert token.startswith(sealed.TOKEN_PREFIX) and "13812345678" not in token
    assert sealed.unseal("requester", token) == "13812345678"
    with pytest.raises(sealed.Unsealable):
        sealed.unseal(sealed.APPLICANT, token)
    assert sealed.seal(sealed.REQUESTER, "") == "" and sealed.unseal(sealed.REQUESTER, "") == ""


def test_a_key_is_replaced_without_losing_data(monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("YANGGUANG_APPLICANT_KEY", old)
    token = sealed.seal(sealed.APPLICANT, "张三")
    monkeypatch.setenv("YANGGUANG_APPLICANT_KEY", f"{new}, {old}")
    assert sealed.unseal(sealed.APPLICANT, token) == "张三"
    assert Fernet(new.encode()).decrypt(sealed.seal(sealed.APPLICANT, "x").encode()) == b"x"


def test_a_wrong_key_reads_as_a_placeholder_that_keeps_the_token(monkeypatch):
    token = sealed.seal(sealed.REQUESTER, "王五")
    monkeypatch.setenv("YANGGUANG_REQUESTER_KEY", Fernet.generate_key().decode())
    value = sealed.unseal_or_placeholder(sealed.REQUESTER, token)
    assert isinstance(value, sealed.Unreadable) and "王五" not in value
    assert str(value) == "〔无法解密〕"
    assert sealed.seal(sealed.REQUESTER, value) == token  # saved again: unchanged


def test_a_key_that_is_not_a_key_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("YANGGUANG_REQUESTER_KEY", "not-a-key")
    with pytest.raises(sealed.SealKeyError, match="YANGGUANG_REQUESTER_KEY"):
        sealed.seal(sealed.REQUESTER, "x")
    errors = [e for e in run_checks() if e.id == "yangguang.E010"]
    assert len(errors) == 1 and "YANGGUANG_REQUESTER_KEY" in errors[0].msg
    monkeypatch.delenv("YANGGUANG_REQUESTER_KEY")
    assert not [e for e in run_checks() if e.id == "yangguang.E010"]
