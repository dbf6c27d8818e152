"""The audit trail: append-only, hash-chained, the leaves of a Merkle tree.

``payload`` holds the canonical JSON of the entry and is what is hashed; the other
columns are a search index over it. Verification checks both the hashes and that the
index columns agree with the payload.
"""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    seq = models.BigIntegerField("序号 (sequence)", primary_key=True)
    time = models.DateTimeField("时间 (time)", db_index=True)
    actor_kind = models.CharField("操作者类型 (actor kind)", max_length=10)
    actor_id = models.CharField("操作者 (actor id)", max_length=64, blank=True, db_index=True)
    actor_name = models.CharField("操作者名称 (actor name)", max_length=150, blank=True)
    org_id = models.BigIntegerField("单位 (organisation)", null=True, blank=True, db_index=True)
    action = models.CharField("动作 (action)", max_length=64, db_index=True)
    object_type = models.CharField("对象类型 (object type)", max_length=64, blank=True)
    object_id = models.CharField("对象 (object id)", max_length=64, blank=True)
    request_id = models.CharField("请求 (request id)", max_length=64, blank=True)
    client_ip = models.CharField("地址 (client address)", max_length=64, blank=True)
    payload = models.TextField("规范内容 (canonical JSON)")
    hash = models.CharField("哈希 (chain hash)", max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = "留痕记录 (audit entry)"
        verbose_name_plural = "留痕记录 (audit entries)"
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
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_head_singleton")
        ]

    def __str__(self) -> str:
        return f"head #{self.seq}"


class Checkpoint(models.Model):
    """A signed tree head: the Merkle root over entries 1..``tree_size``, signed with the
    platform's Ed25519 key as a signed note (see ``verifier.py`` and
    ``docs/audit-verification.md``). Published, so outsiders can hold the platform to it."""

    tree_size = models.BigIntegerField("树大小 (tree size)", unique=True)
    root_hash = models.CharField("根哈希 (root hash)", max_length=64)
    time = models.DateTimeField("时间 (time)")
    origin = models.CharField("日志名 (log origin)", max_length=100)
    key_id = models.CharField("密钥标识 (key id)", max_length=16)
    signature = models.TextField("签名 (signature, base64)")
    note = models.TextField("签名文本 (signed note)")

    class Meta:
        ordering = ["tree_size"]
        verbose_name = "签名检查点 (signed checkpoint)"
        verbose_name_plural = "签名检查点 (signed checkpoints)"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tree_size__gte=1), name="audit_checkpoint_size_positive"
            )
        ]

    def __str__(self) -> str:
        return f"checkpoint {self.tree_size} {self.root_hash[:12]}"
