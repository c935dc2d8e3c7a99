"""Build the injury-card files the import tests read, laid out as hospitals export the national
card (全国伤害监测报告卡): run ``python tests/injuries/data/make_card_files.py`` to rebuild them.

- ``national_cards_gbk.csv``: GBK, a title row above the card's own headings, values as codes
  (``1``), labels (``男``) and both (``1 男``, ``1 非故意(意外事故)``), dates as ``2026/3/5``,
  ``2026年3月5日``, ``20260305``, times to the hour or minute (``09时``, ``14时30分``), an
  inline write-in (``13 其他：被门夹伤``), an unknown column, and a pedestrian hit by a car
  (a prompt, not an error).
- ``national_cards.xlsx``: a merged title row and a row of merged group headings above other
  heading synonyms (a heading merged down over both heading rows), codes as numbers, dates as
  date cells and as bare Excel serial numbers.
- ``national_cards_errors_gbk.csv``: realistic mistakes, one per row, plus a cell whose bytes
  are not GBK and a cell pasted in UTF-8.

Written without the application's code: the values are what a hospital system writes.
"""

import csv
import io
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(area, born, serial):
    """An 18-digit 身份证号 with its GB 11643 check digit (serial's last digit odd = male)."""
    body = f"{area}{born}{serial}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


CSV_HEADINGS = [
    "监测医院编号", "卡片编号", "姓名", "性别", "年龄", "身份证号", "户籍", "文化程度", "职业",
    "联系电话", "伤害发生时间", "就诊时间", "伤害发生原因", "伤害发生地点", "伤害发生时活动",
    "是否故意", "伤害性质", "伤害部位", "伤害严重程度", "临床诊断", "伤害结局", "填报人",
    "填报日期", "备注",
]  # fmt: skip

CSV_ROWS = [
    # codes everywhere, dates with slashes, a time to the minute
    ["320102001", "2026110001", "王秀英", "2", "78", id_number("320102", "19480302", "002"),
     "1", "3", "5", "13900000001", "2026/11/3 8:30", "2026/11/3 9:40", "3", "1", "2", "1", "1",
     "3", "2", "股骨颈骨折", "4", "李医生", "2026/11/3", "复诊"],
    # labels as the card prints them, 年月日时分, full-width brackets
    ["320102001", "2026110002", "张伟", "男", "34", "", "本市/县", "高中或中专",
     "生产运输设备操作人员及有关人员", "", "2026年11月5日17时45分", "2026年11月5日18时20分",
     "机动车车祸", "公路/街道", "驾乘交通工具", "非故意（意外事故）", "挫伤、擦伤", "多部位",
     "中度", "多处软组织挫伤", "处理后离院", "李医生", "2026年11月5日", ""],
    # code and label together (as the card prints its options), half-width brackets, time to the hour, yyyymmdd
    ["320102001", "2026110003", "刘洋", "1 男", "9", "", "1 本市/县", "3 小学", "2 在校学生", "",
     "2026年10月12日09时", "2026年10月12日10时", "3 跌倒/坠落", "3 学校与公共场所", "3 学习",
     "1 非故意(意外事故)", "2 扭伤/拉伤", "3 下肢", "1 轻度", "踝关节扭伤", "1 处理后离院",
     "王护士", "20261012", ""],
    # a pedestrian hit by a car: unusual for the prompt rules, true all the same
    ["320102001", "2026110004", "陈芳", "女", "66", "", "1", "4", "5", "", "2026-11-20 07:10",
     "2026-11-20 07:50", "1", "5", "8 步行", "1", "1", "3", "3", "胫腓骨骨折", "4", "王护士",
     "2026.11.20", "行人被撞"],
    # "其他" with its write-in in the same cell; sex 不详 (an unconscious stranger)
    ["320102001", "2026110005", "", "不详", "45", "", "4", "2", "12", "", "20261125 2215",
     "20261125 2300", "13 其他：被门夹伤", "1 家中", "5", "1", "4", "2", "1", "手指挫伤", "1",
     "李医生", "20261126", ""],
]  # fmt: skip

XLSX_GROUPS = [
    ("报告单位", 1, 3),
    ("患者一般信息", 4, 9),
    ("伤害事件", 10, 16),
    ("临床信息", 17, 21),
]
XLSX_HEADINGS = [
    "报告卡编号", "监测医院名称", "填卡日期", "病人姓名", "性　别", "年龄（岁）", "户口", "学历",
    "职业", "伤害发生时间", "就诊日期", "伤害原因", "发生地点", "发生时活动", "伤害意图",
    "性质", "部位", "严重程度", "诊断", "ICD10", "临床结局",
]  # fmt: skip


def xlsx_rows():
    import datetime

    return [
        # codes as numbers, date cells
        ["X2026001", "区人民医院", datetime.date(2026, 11, 8), "赵敏", 2, 71, 1, 2, 5,
         datetime.datetime(2026, 11, 8, 6, 40), datetime.datetime(2026, 11, 8, 7, 30), 3, 1, 2,
         1, 1, 3, 2, "桡骨远端骨折", "S52.5", 4],
        # Excel serial numbers where the date format was lost (46335 = 2026-11-09)
        ["X2026002", "镇卫生院", 46335, "孙强", 1, 28, 3, 5, 8, 46334.6041666667,
         46334.6458333333, 6, 6, 1, 1, 3, 2, 1, "手掌切割伤", "W26", 1],
        # labels, text dates
        ["X2026003", "镇卫生院", "2026年11月10日", "周婷", "女", 5, "本省外地", "未上学儿童",
         "学龄前儿童", "2026年11月10日14时30分", "2026年11月10日15时", "烧烫伤", "家中",
         "生命活动", "非故意（意外事故）", "烧烫伤", "上肢", "轻度", "前臂烫伤", "", "处理后离院"],
    ]  # fmt: skip


ERROR_ROWS = [
    # 3: visit before injury (impossible)
    ["320102001", "E001", "吴军", "1", "40", "", "1", "4", "8", "", "2026-11-06 10:00",
     "2026-11-06 09:00", "3", "1", "2", "1", "4", "2", "1", "", "1", "李医生", "2026-11-06", ""],
    # 4: a code not on the card
    ["320102001", "E002", "郑丽", "2", "50", "", "1", "4", "8", "", "2026-11-07 10:00",
     "2026-11-07 11:00", "99", "1", "2", "1", "4", "2", "1", "", "1", "李医生", "2026-11-07", ""],
    # 5: a hospital number nobody registered
    ["999999999", "E003", "冯涛", "1", "33", "", "1", "4", "8", "", "2026-11-08 10:00",
     "2026-11-08 11:00", "3", "1", "2", "1", "4", "2", "1", "", "1", "李医生", "2026-11-08", ""],
    # 6: ID number with a wrong check digit
    ["320102001", "E004", "何静", "2", "30", "32010219960101002X", "1", "4", "8", "",
     "2026-11-09 10:00", "2026-11-09 11:00", "3", "1", "2", "1", "4", "2", "1", "", "1",
     "李医生", "2026-11-09", ""],
    # 7: age against the ID number's birth date (born 1960: 66, not 26)
    ["320102001", "E005", "许亮", "1", "26", id_number("320102", "19600101", "001"), "1", "4",
     "8", "", "2026-11-10 10:00", "2026-11-10 11:00", "3", "1", "2", "1", "4", "2", "1", "",
     "1", "李医生", "2026-11-10", ""],
    # 8: a card number already in this file (row 3)
    ["320102001", "E001", "吕红", "2", "61", "", "1", "4", "5", "", "2026-11-11 10:00",
     "2026-11-11 11:00", "3", "1", "2", "1", "4", "2", "1", "", "1", "李医生", "2026-11-11", ""],
    # 9: a card number already in the database (the test enters OLD-1 first)
    ["320102001", "OLD-1", "施文", "1", "44", "", "1", "4", "8", "", "2026-11-12 10:00",
     "2026-11-12 11:00", "3", "1", "2", "1", "4", "2", "1", "", "1", "李医生", "2026-11-12", ""],
    # 10: code and label that disagree
    ["320102001", "E008", "张敏", "1 女", "52", "", "1", "4", "8", "", "2026-11-13 10:00",
     "2026-11-13 11:00", "3", "1", "2", "1", "4", "2", "1", "", "1", "李医生", "2026-11-13", ""],
    # 11: a valid row (rejected with the file all the same: nothing half-written)
    ["320102001", "E009", "曹刚", "1", "47", "", "1", "4", "8", "", "2026-11-14 10:00",
     "2026-11-14 11:00", "3", "1", "2", "1", "4", "2", "1", "", "1", "李医生", "2026-11-14", ""],
    # 12: 姓名 with bytes that are not GBK (filled in below)
    ["320102001", "E010", "@BAD@", "1", "47", "", "1", "4", "8", "", "2026-11-15 10:00",
     "2026-11-15 11:00", "3", "1", "2", "1", "4", "2", "1", "", "1", "李医生", "2026-11-15", ""],
    # 13: 临床诊断 pasted from a UTF-8 file (filled in below)
    ["320102001", "E011", "钱进", "1", "47", "", "1", "4", "8", "", "2026-11-16 10:00",
     "2026-11-16 11:00", "3", "1", "2", "1", "4", "2", "1", "@UTF8@", "1", "李医生",
     "2026-11-16", ""],
]  # fmt: skip


def csv_bytes(rows, title="全国伤害监测报告卡"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([title])
    writer.writerow(CSV_HEADINGS)
    writer.writerows(rows)
    data = buffer.getvalue().encode("gbk")
    data = data.replace(b"@BAD@", b"\xff\xfe\xfd")
    return data.replace(b"@UTF8@", "软组织挫伤".encode())


def xlsx_bytes():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "报告卡"
    width = len(XLSX_HEADINGS)
    sheet.cell(1, 1, "全国伤害监测报告卡（2026年11月）").font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for title, first, last in XLSX_GROUPS:
        sheet.cell(2, first, title).alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    for column, heading in enumerate(XLSX_HEADINGS, 1):
        sheet.cell(3, column, heading)
    # 报告卡编号 merged down over both heading rows, as many hospital templates do
    sheet.unmerge_cells(start_row=2, start_column=1, end_row=2, end_column=3)
    sheet.cell(2, 1, "报告卡编号")
    sheet.cell(3, 1, None)
    sheet.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    sheet.cell(2, 2, "报告单位")
    sheet.merge_cells(start_row=2, start_column=2, end_row=2, end_column=3)
    for row in xlsx_rows():
        sheet.append(row)
    for cell in sheet["C"][3:4] + sheet["J"][3:4] + sheet["K"][3:4]:
        cell.number_format = "yyyy-mm-dd hh:mm"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main():
    (HERE / "national_cards_gbk.csv").write_bytes(csv_bytes(CSV_ROWS))
    (HERE / "national_cards_errors_gbk.csv").write_bytes(csv_bytes(ERROR_ROWS))
    (HERE / "national_cards.xlsx").write_bytes(xlsx_bytes())


if __name__ == "__main__":
    main()
