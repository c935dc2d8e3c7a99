"""The rules over the figures, with hand-checked numbers."""

from archive import problems
from safecommunity.evidence import ElementEvidence, Figure, Table


def injuries(total, by_cause, by_age=()):
    return ElementEvidence(
        element=9,
        figures=[Figure("伤害例数", total, "例"), Figure("伤害发生率", "3.2‰")],
        tables=[
            Table("按伤害原因", ["原因", "例数"], [list(row) for row in by_cause]),
            Table("按年龄组", ["年龄组", "例数"], [list(row) for row in by_age]),
        ],
    )


def test_number_reads_figures_written_in_many_ways():
    assert problems.number(12) == 12.0
    assert problems.number("85.5%") == 85.5
    assert problems.number("1,234 例") == 1234.0
    assert (
        problems.number("—") is None
        and problems.number(None) is None
        and problems.number(True) is None
    )


def test_rise_above_ten_percent_in_a_cause_is_a_problem():
    current = injuries(60, [("跌倒/坠落", 23), ("机动车车祸", 11), ("烧烫伤", 4)])
    previous = injuries(55, [("跌倒/坠落", 20), ("机动车车祸", 10), ("烧烫伤", 1)])
    found = problems.find_problems({9: current}, {9: previous})
    # 跌倒 +15.0 % → problem; 车祸 +10.0 % is not above 10 %; 烧烫伤 1 → 4 is +300 %;
    # the total 55 → 60 is +9.1 %.
    assert any("“跌倒/坠落”同比上升 +15.0%（本期 23，去年同期 20）" in p for p in found)
    assert not any("机动车车祸" in p for p in found)
    assert any("“烧烫伤”同比上升 +300.0%" in p for p in found)
    assert not any(p.startswith("伤害例数") for p in found)


def test_small_counts_do_not_raise_alarms():
    current = injuries(2, [("溺水", 2)])
    previous = injuries(1, [("溺水", 1)])
    assert problems.find_problems({9: current}, {9: previous}) == []


def test_total_rise_and_age_group_rise():
    current = injuries(120, [], [("65岁及以上", 40), ("0–4岁", 9)])
    previous = injuries(100, [], [("65岁及以上", 30), ("0–4岁", 9)])
    found = problems.find_problems({9: current}, {9: previous})
    assert "伤害例数同比上升 +20.0%（本期 120，去年同期 100）。" in found
    assert any("按年龄组：“65岁及以上”同比上升 +33.3%" in p for p in found)
    assert not any("0–4岁" in p for p in found)


def test_table_with_its_own_previous_year_column_is_read_directly():
    table = Table(
        "伤害原因同比", ["原因", "本期", "去年同期", "同比"], [["跌倒/坠落", 30, 20, "+50%"]]
    )
    changes = problems.table_changes(ElementEvidence(9, tables=[table]), ElementEvidence(9))
    assert [
        (c.label, c.current, c.previous, round(c.percent, 1)) for t, cs in changes for c in cs
    ] == [("跌倒/坠落", 30.0, 20.0, 50.0)]


def test_overdue_rectifications_awareness_and_drills():
    evidence = {
        11: ElementEvidence(
            11, figures=[Figure("逾期未整改隐患", 3, "项"), Figure("已整改隐患", 12, "项")]
        ),
        6: ElementEvidence(6, figures=[Figure("安全知识知晓率", "76.5%")]),
        7: ElementEvidence(7, figures=[Figure("应急演练次数", 0, "次")]),
    }
    found = problems.find_problems(evidence)
    assert "逾期未整改隐患 3项，需督办整改。" in found
    assert "安全知识知晓率为 76.5，低于 80% 的目标。" in found
    assert "本期未开展应急演练。" in found
    assert len(found) == 3


def test_awareness_at_target_and_no_overdue_are_fine():
    evidence = {
        11: ElementEvidence(11, figures=[Figure("逾期未整改隐患", 0, "项")]),
        6: ElementEvidence(6, figures=[Figure("安全知识知晓率", 80, "%")]),
    }
    assert problems.find_problems(evidence) == []


def test_an_element_without_records_is_named():
    empty = ElementEvidence(5, gaps=["本要素在本期间暂无记录。"])
    assert problems.find_problems({5: empty}) == [
        "要素5“安全促进项目”本期暂无记录，请核实是否漏报。"
    ]


def test_headline_picks_the_figures_by_label():
    current = {
        9: injuries(60, []),
        11: ElementEvidence(11, figures=[Figure("逾期未整改隐患", 2)]),
        7: ElementEvidence(7, figures=[Figure("应急演练次数", 3)]),
    }
    head = problems.headline(current, {9: injuries(50, [])})
    assert head == {
        "injuries": 60.0,
        "injuries_previous": 50.0,
        "injury_rate": 3.2,
        "overdue": 2.0,
        "drills": 3.0,
        "awareness": None,
    }


def test_a_count_of_awareness_surveys_is_not_an_awareness_rate():
    evidence = {
        6: ElementEvidence(
            6, figures=[Figure("知晓率调查", 2, "次"), Figure("安全知识知晓率", "91%")]
        )
    }
    assert problems.find_problems(evidence) == []
    assert problems.headline(evidence)["awareness"] == 91.0


def test_the_total_column_is_compared_when_a_table_has_one():
    headers = ["年龄组", "男", "女", "合计"]
    current = ElementEvidence(
        9, tables=[Table("年龄组 × 性别", headers, [["65岁及以上", 10, 30, 40]])]
    )
    previous = ElementEvidence(
        9, tables=[Table("年龄组 × 性别", headers, [["65岁及以上", 12, 18, 30]])]
    )
    [(title, [change])] = problems.table_changes(current, previous)
    assert (change.current, change.previous) == (40.0, 30.0)


def test_long_tables_and_gap_lists_are_capped_with_a_note():
    from archive import composition

    table = Table("隐患清单", ["隐患", "等级"], [[f"隐患{i}", "一般"] for i in range(45)])
    short = composition.capped(table, 30)
    assert len(short.rows) == 30 and short.note == "共 45 条，列出前 30 条。"
    assert composition.capped(table, 50) is table
    gaps = composition.capped_list([f"缺口{i}" for i in range(12)], 10)
    assert len(gaps) == 11 and gaps[-1] == "……共 12 项，列出前 10 项。"
    evidence = composition.summarised(
        ElementEvidence(5, tables=[table], charts=list(range(6))), max_rows=15
    )
    assert len(evidence.tables[0].rows) == 15 and len(evidence.charts) == 4


def test_a_breakdowns_total_row_is_not_a_second_finding():
    """年龄组分布 ends with 合计: its rise is the injury count's rise, reported once."""
    current = injuries(63, [], [("65岁及以上", 14), ("合计", 63)])
    previous = injuries(40, [], [("65岁及以上", 10), ("合计", 40)])
    found = problems.find_problems({9: current}, {9: previous})
    assert "伤害例数同比上升 +57.5%（本期 63，去年同期 40）。" in found
    assert any("“65岁及以上”" in p for p in found)
    assert not any("合计" in p for p in found)
