"""The audit trail: append-only, hash-chained, the leaves of a Merkle tree.

``payload`` holds the canonical JSON of the entry and is what is hashed; the other
columns are a search index over it. Verification checks both the hashes and that the
index columns agree with the payload.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("序号"), primary_key=True)
    time = models.DateTimeField(_("时间"), db_index=True)
    actor_kind = models.CharField(_("操作者类型"), max_length=10)
    actor_id = models.CharField(_("操作者"), max_length=64, blank=True, db_index=True)
    actor_name = models.CharField(_("操作者名称"), max_length=150, blank=True)
    org_id = models.BigIntegerField(_("单位"), null=True, blank=True, db_index=True)
    action = models.CharField(_("动作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象"), max_length=64, blank=True)
    request_id = models.CharField(_("请求"), max_length=64, blank=True)
    client_ip = models.CharField(_("地址"), max_length=64, blank=True)
    payload = models.TextField(_("规范内容"))
    hash = models.CharField(_("哈希"), max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("留痕记录")
        verbose_name_plural = _("留痕记录")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="audit_seq_positive")
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """One row: the last sequence number and chain hash. Writers lock it, so the chain
    never forks and never has a gap."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("留痕链头")
        verbose_name_plural = _("留痕链头")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_head_singleton")
        ]

    def __str__(self) -> str:
        return f"head #{self.seq}"


class Checkpoint(models.Model):
    """A signed tree head: the Merkle root over entries 1..``tree_size``, signed with the
    platform's Ed25519 key as a signed note (see ``verifier.py`` and
    ``docs/audit-verification.md``). Published, so outsiders can hold the platform to it."""

    tree_size = models.BigIntegerField(_("树大小"), unique=True)
    root_hash = models.CharField(_("根哈希"), max_length=64)
    time = models.DateTimeField(_("时间"))
    origin = models.CharField(_("日志名"), max_length=100)
    key_id = models.CharField(_("密钥标识"), max_length=16)
    signature = models.TextField(_("签名"))
    note = models.TextField(_("签名文本"))

    class Meta:
        ordering = ["tree_size"]
        verbose_name = _("签名检查点")
        verbose_name_plural = _("签名检查点")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tree_size__gte=1), name="audit_checkpoint_size_positive"
            )
        ]

    def __str__(self) -> str:
        return f"checkpoint {self.tree_size} {self.root_hash[:12]}"
