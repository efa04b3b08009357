import pytest

from detainees.intake.csv_rows import CsvProblem, decode_upload, parse_intake_csv, template_bytes


def values(text: str) -> list[dict[str, str]]:
    return [row.values for row in parse_intake_csv(text)]


def test_the_template_parses_as_a_header_and_opens_in_excel_as_utf8():
    data = template_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with pytest.raises(CsvProblem, match="no detainees under it"):
        parse_intake_csv(decode_upload(data))


def test_windows_line_ends_bom_and_hand_written_headers_are_accepted():
    text = "\ufeffName,Father's Name,Sex,Document,Number\r\nAbdul Wahid,Gul Zaman,Male,PoR,T-1\r\n"
    assert values(text) == [
        {
            "name": "Abdul Wahid", "father_name": "Gul Zaman", "gender": "male",
            "document_kind": "por", "document_number": "T-1",
        }
    ]  # fmt: skip


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(separator):
    text = f"name{separator}father_name\nAbdul Wahid{separator}Gul Zaman\n"
    assert values(text) == [{"name": "Abdul Wahid", "father_name": "Gul Zaman"}]


def test_trailing_empty_cells_are_not_extra_columns():
    rows = parse_intake_csv("name,father_name,,\nAbdul Wahid,Gul Zaman,,\n")
    assert rows[0].problems == []


def test_a_value_beyond_the_last_column_is_a_problem_of_that_line_only():
    rows = parse_intake_csv("name,father_name\nA B,C D\nHotak, Mirwais,Nazar\n")
    assert rows[0].problems == []
    assert rows[1].line == 3
    assert "3 values but there are 2 columns" in rows[1].problems[0]


def test_perso_arabic_text_survives_and_blank_lines_are_skipped():
    rows = parse_intake_csv("name,father_name\n\nنجیب الله,گل محمد\n\n")
    assert [(r.line, r.values["name"]) for r in rows] == [(3, "نجیب الله")]


def test_latin1_bytes_are_refused_with_advice():
    with pytest.raises(CsvProblem, match="Save as… CSV UTF-8"):
        decode_upload("name,father_name\nJosé,Müller\n".encode("latin-1"))


@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\r", "\u2028"])
def test_a_line_break_inside_a_quoted_name_is_refused_with_the_name_shown(line_break):
    rows = parse_intake_csv(f'name,father_name\n"Abdul{line_break}Wahid",Gul Zaman\nA B,C D\n')
    assert rows[0].problems == [
        "The name “Abdul Wahid” is split over several lines (a line break inside quotes): "
        "put it on one line."
    ]
    assert rows[1].problems == []
