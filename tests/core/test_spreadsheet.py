from meedoen.core.spreadsheet import safe_row, spreadsheet_safe


def test_exported_text_is_neutralised_but_numbers_stay_numbers():
    assert spreadsheet_safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("\tcmd") == "'\tcmd"
    assert spreadsheet_safe("Fietsproject") == "Fietsproject"
    assert spreadsheet_safe(-0.5) == -0.5


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row(["+31 6", 3, "ok"]) == ["'+31 6", 3, "ok"]
