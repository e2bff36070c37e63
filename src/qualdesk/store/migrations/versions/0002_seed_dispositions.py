"""Seed the telemarketing disposition set (campaign_id NULL: the default for every campaign).

Each code carries the flags dialers keep and an AAPOR-style class, from which contact and
refusal rates are reported: interview, partial, refusal, non_contact, unknown, not_eligible.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# code, label, contacted, final, try_again, do_not_call, needs_note, schedules_callback,
# retry_delay_minutes, aapor_class
SEED = [
    ("qualified", "Qualified for sales", True, True, False, False, False, False, None,
     "interview"),
    ("nurture", "Nurture", True, True, False, False, False, False, None, "interview"),
    ("not_qualified", "Not qualified", True, True, False, False, True, False, None,
     "interview"),
    ("callback", "Callback requested", True, False, True, False, False, True, None, "partial"),
    ("appointment", "Appointment set", True, True, False, False, True, False, None,
     "interview"),
    ("no_answer", "No answer", False, False, True, False, False, False, 120, "unknown"),
    ("busy", "Busy", False, False, True, False, False, False, 15, "unknown"),
    ("voicemail", "Voicemail left", False, False, True, False, False, False, 1440,
     "non_contact"),
    ("wrong_number", "Wrong number", False, True, False, False, False, False, None,
     "not_eligible"),
    ("disconnected", "Disconnected", False, True, False, False, False, False, None,
     "not_eligible"),
    ("refused", "Refused", True, True, False, False, False, False, None, "refusal"),
    ("do_not_call", "Do not call", True, True, False, True, False, False, None, "refusal"),
]

dispositions = sa.table(
    "dispositions",
    sa.column("campaign_id", sa.Integer), sa.column("code", sa.String),
    sa.column("label", sa.String), sa.column("contacted", sa.Boolean),
    sa.column("final", sa.Boolean), sa.column("try_again", sa.Boolean),
    sa.column("do_not_call", sa.Boolean), sa.column("needs_note", sa.Boolean),
    sa.column("schedules_callback", sa.Boolean), sa.column("retry_delay_minutes", sa.Integer),
    sa.column("aapor_class", sa.String), sa.column("position", sa.Integer),
)


def upgrade() -> None:
    op.bulk_insert(dispositions, [
        {"campaign_id": None, "code": code, "label": label, "contacted": contacted,
         "final": final, "try_again": again, "do_not_call": dnc, "needs_note": note,
         "schedules_callback": callback, "retry_delay_minutes": delay, "aapor_class": aapor,
         "position": position}
        for position, (code, label, contacted, final, again, dnc, note, callback, delay, aapor)
        in enumerate(SEED)
    ])


def downgrade() -> None:
    op.execute(dispositions.delete().where(dispositions.c.campaign_id.is_(None)))
