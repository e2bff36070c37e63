"""A table of store records (leads, calls), one per row, keyed by the record's id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.message import Message
from textual.widgets import DataTable


class RecordTable(DataTable[str]):
    """Rows keyed by record id; Enter on a row posts :class:`RecordTable.Chosen`."""

    class Chosen(Message):
        """Enter on a row: the record ``record_id`` was chosen."""

        def __init__(self, record_id: int) -> None:
            super().__init__()
            self.record_id = record_id

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def refill(self, rows: Iterable[tuple[int, Sequence[str]]]) -> None:
        """Replace every row, keeping the cursor on the line it was on (a reload after an
        edit must not send the manager back to the top)."""
        line = self.cursor_row
        self.clear()
        for record_id, cells in rows:
            self.add_row(*cells, key=str(record_id))
        if self.row_count:
            self.move_cursor(row=min(line, self.row_count - 1))

    def highlighted_id(self) -> int | None:
        """The id of the highlighted record, or ``None`` when the table is empty."""
        if not self.row_count:
            return None
        return int(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value or 0)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Turn Enter on a row into a :class:`Chosen` naming its record."""
        event.stop()
        chosen = self.highlighted_id()
        if chosen is not None:
            self.post_message(self.Chosen(chosen))
