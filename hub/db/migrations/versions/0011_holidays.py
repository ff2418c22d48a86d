"""holidays: public holidays in the database (deadlines skip them; the admin edits them), with the
years the project knows

Revision ID: 0011_holidays
Revises: 0010_emergency_confirm
Create Date: 2026-12-02 20:15:00
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0011_holidays"
down_revision = "0010_emergency_confirm"
branch_labels = None
depends_on = None

# Labour Code 2019 (Bộ luật Lao động 2019), Art. 112: 1/1 (1 day); Tết Âm lịch (5 days, which ones the
# Prime Minister decides each year); Giỗ Tổ Hùng Vương, 10/3 lunar (1 day); 30/4 (1 day); 1/5 (1 day);
# Quốc khánh 2/9 (2 days: 2/9 and the day before or after it, decided each year). Art. 112(3): a holiday
# that falls on the weekly rest day is made up on the next working day ("nghỉ bù", by law). Everything
# marked "by decision" follows the government's yearly announcement (the Ministry of Home Affairs'
# notice for officials); when it differs, or for any later year, the province's admin corrects the list
# on /quan-tri/ngay-nghi-le, which is where these rows are kept from now on.
SHIPPED: list[tuple[date, str]] = [
    # 2026 (Bính Ngọ: Tết = 17/2/2026, a Tuesday; matches the dates the project used until now)
    (date(2026, 1, 1), "Tết Dương lịch"),  # by law
    (date(2026, 2, 16), "Tết Nguyên đán (29 tháng Chạp)"),  # the 5 Tết days: by law; which days: by decision
    (date(2026, 2, 17), "Tết Nguyên đán (mùng 1)"),
    (date(2026, 2, 18), "Tết Nguyên đán (mùng 2)"),
    (date(2026, 2, 19), "Tết Nguyên đán (mùng 3)"),
    (date(2026, 2, 20), "Tết Nguyên đán (mùng 4)"),
    (date(2026, 4, 26), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),  # by law; a Sunday
    (date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương"),  # by law (Art. 112(3))
    (date(2026, 4, 30), "Ngày Chiến thắng"),  # by law
    (date(2026, 5, 1), "Quốc tế Lao động"),  # by law
    (date(2026, 9, 1), "Quốc khánh (ngày liền kề)"),  # the second day: by law; which day: by decision
    (date(2026, 9, 2), "Quốc khánh"),  # by law
    # 2027 (Đinh Mùi: Tết = 6/2/2027, a Saturday, by the lunar calendar)
    (date(2027, 1, 1), "Tết Dương lịch"),  # by law
    # The 5 Tết days (by law) taken as the usual pattern, by decision: the last day of the year and
    # mùng 1–4. Mùng 1 and 2 fall on Saturday and Sunday, so 10/2 and 11/2 are made up (by law). The
    # government often adds a swapped day (a Friday off for a Saturday worked): not known here, the admin
    # adds it on the holidays page once announced.
    (date(2027, 2, 5), "Tết Nguyên đán (29 tháng Chạp)"),
    (date(2027, 2, 6), "Tết Nguyên đán (mùng 1)"),
    (date(2027, 2, 7), "Tết Nguyên đán (mùng 2)"),
    (date(2027, 2, 8), "Tết Nguyên đán (mùng 3)"),
    (date(2027, 2, 9), "Tết Nguyên đán (mùng 4)"),
    (date(2027, 2, 10), "Nghỉ bù Tết Nguyên đán"),
    (date(2027, 2, 11), "Nghỉ bù Tết Nguyên đán"),
    (date(2027, 4, 16), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),  # by law; a Friday
    (date(2027, 4, 30), "Ngày Chiến thắng"),  # by law; a Friday
    (date(2027, 5, 1), "Quốc tế Lao động"),  # by law; a Saturday
    (date(2027, 5, 3), "Nghỉ bù Quốc tế Lao động"),  # by law (Art. 112(3))
    (date(2027, 9, 2), "Quốc khánh"),  # by law; a Thursday
    (date(2027, 9, 3), "Quốc khánh (ngày liền kề)"),  # the second day: by law; Friday 3/9: by decision
]


def upgrade() -> None:
    table = op.create_table(
        "public_holiday",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_public_holiday")),
    )
    op.bulk_insert(table, [{"day": day, "name": name} for day, name in SHIPPED])


def downgrade() -> None:
    op.drop_table("public_holiday")
