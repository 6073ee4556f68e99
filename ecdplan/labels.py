"""Labels for people, in one place: English text is the key, Vietnamese its translation (`--lang vi`)."""

from __future__ import annotations

VI = {
    "Source": "Nguồn", "Sub-project": "Tiểu dự án / nội dung", "Year": "Năm", "Group": "Nhóm",
    "Intervention": "Can thiệp", "Agency": "Cơ quan chủ trì", "Amount": "Kinh phí", "Total": "Tổng cộng",
    "Declared": "Kế hoạch ghi", "Computed": "Tính lại", "Difference": "Chênh lệch", "Share %": "Tỷ lệ %",
    "Outside valid years": "Ngoài thời hạn nguồn", "Basis": "Cơ sở tính", "Active": "Số xã",
    "New": "Xã mới", "Continuing": "Xã tiếp tục", "Leaving": "Xã rút ra", "Cost": "Kinh phí",
    "Beneficiaries": "Người hưởng lợi", "Coverage %": "Độ phủ %", "Commune-years": "Xã-năm",
    "Commune": "Xã", "Start": "Năm bắt đầu", "Years": "Theo năm", "Split": "Cách chia nguồn",
    "(no source)": "(chưa có nguồn)", "(no group)": "(không nhóm)", "(no lead)": "(chưa rõ)",
    "Unit": "Đơn vị",
    "equal split (assumed)": "chia đều (giả định)", "shares": "theo tỷ lệ", "amounts": "theo số tiền",
    "none": "chưa có nguồn",
    "Declared grand total {declared}, computed {computed}: {status}.":
        "Tổng kế hoạch ghi {declared}, tính lại {computed}: {status}.",
    "matches": "khớp", "DIFFERS by {difference}": "CHÊNH LỆCH {difference}",
    "Equal split over eligible sources (an assumption: the plan gives no shares) for: {items}.":
        "Chia đều cho các nguồn được sử dụng (giả định: kế hoạch không ghi tỷ lệ) đối với: {items}.",
    "Money from a source outside its valid years: {items}.": "Kinh phí từ nguồn ngoài thời hạn của nguồn: {items}.",
    "{source} ({start}-{end}) in {years}": "{source} ({start}-{end}) năm {years}",
    "Amounts per year: {items}.": "Kinh phí theo năm: {items}.",
    "Unbudgeted (no cost in the plan, not zero): {items}.":
        "Chưa có dự toán (kế hoạch không ghi kinh phí; không phải bằng 0): {items}.",
    "Coverage: active communes as a share of the {area} communes of {name}.":
        "Độ phủ: số xã triển khai trên tổng số {area} xã của {name}.",
    "Communes named '#k' are numbered places: the plan gives only how many communes, not which.":
        "Xã ghi '#k' là vị trí đánh số: kế hoạch chỉ ghi số lượng xã, không ghi tên xã.",
    "A commune's cost is its intervention's cost that year split equally over the active communes.":
        "Kinh phí mỗi xã là kinh phí can thiệp trong năm chia đều cho các xã triển khai.",
    "active communes per year": "số xã triển khai theo năm", "rollout in {year}": "triển khai năm {year}",
    "communes": "danh sách xã",
    "explicit per-year amounts": "số liệu từng năm ghi trong kế hoạch",
    "unit cost × communes per year": "đơn giá × số xã từng năm",
    "declared total spread in proportion to commune-years": "tổng kế hoạch chia theo tỷ lệ xã-năm",
    "declared total spread evenly over the line's years (its `years`, else the plan period)":
        "tổng kế hoạch chia đều cho các năm thực hiện",
    "Indicator": "Chỉ tiêu", "Name": "Tên", "Target": "Mục tiêu", "interpolated": "nội suy",
    "milestone": "mốc kế hoạch", "(x) = interpolated.": "(x) = nội suy.", "targets": "chỉ tiêu theo năm",
    "Interpolated values lie on the straight line between two milestones of the plan; years outside "
    "the milestones have no target.": "Giá trị nội suy nằm trên đường thẳng giữa hai mốc của kế hoạch; "
                                       "ngoài các mốc không có chỉ tiêu.",
    "Body": "Cơ quan, đơn vị", "(whole plan)": "(toàn kế hoạch)", "who does what": "phân công thực hiện",
    "L = lead (chủ trì), C = cooperates (phối hợp), F = arranges funding, M = monitors and reports, "
    "I = implements its share.": "L = chủ trì, C = phối hợp, F = bố trí kinh phí, M = theo dõi, báo cáo, "
                                 "I = triển khai phần việc của mình.",
    "Date": "Ngày", "Report": "Báo cáo", "By": "Đơn vị báo cáo", "To": "Gửi", "Plan": "Kế hoạch",
    "Recurs": "Định kỳ", "(no date)": "(không ghi ngày)", "yearly": "hằng năm", "half-year": "6 tháng",
    "year": "hằng năm", "quarter": "hằng quý", "month": "hằng tháng", "Reporting calendar": "Lịch báo cáo",
    "No amounts in {year}.": "Không có kinh phí năm {year}.",
    "Status": "Tình trạng", "This plan has no indicators.": "Kế hoạch này không có chỉ tiêu.", "One scale for all lines: the longest bar is {most} communes.":
        "Cùng một tỷ lệ cho mọi dòng: thanh dài nhất là {most} xã.", "Issuer": "Cơ quan ban hành", "Number": "Số", "Level": "Cấp", "Area": "Địa bàn",
    "Period": "Thời gian", "Parent plan": "Kế hoạch cấp trên", "Budget by year and source": "Kinh phí theo năm và nguồn",
    "Rollout": "Lộ trình triển khai", "Findings": "Kết quả kiểm tra", "No findings.": "Không có phát hiện nào.", "Aspect": "Nội dung", "Key": "Mục", "Change": "Thay đổi", "Changes": "Thay đổi",
    "Total cost": "Tổng kinh phí", "Cost by source": "Kinh phí theo nguồn", "Cost by year": "Kinh phí theo năm",
    "Cost by intervention": "Kinh phí theo can thiệp", "Communes": "Số xã", "Finding": "Phát hiện",
    "Money in {unit}; communes per intervention and year.": "Kinh phí tính bằng {unit}; số xã theo can thiệp và năm.",
    "No changes in totals, coverage or findings.": "Không có thay đổi về kinh phí, độ phủ hay phát hiện.",
    "Measure": "Chỉ số", "Baseline": "Kế hoạch gốc", "Gap": "Thiếu hụt", "scenarios": "các phương án",
    "Money in {unit}; commune-years count each commune once per year it takes part.":
        "Kinh phí tính bằng {unit}; xã-năm tính mỗi xã một lần cho mỗi năm tham gia.", "(unfunded)": "(thiếu hụt)", "Need": "Nhu cầu", "allocation": "phân bổ nguồn",
    "envelopes": "hạn mức nguồn", "gap": "thiếu hụt", "Envelope": "Hạn mức", "Allocated": "Đã phân bổ",
    "Left": "Còn lại", "Binding": "Hết hạn mức", "binding": "hết",
    "Method: {method}. Need {need}, funded {funded}, gap {gap} ({unit}).":
        "Phương pháp: {method}. Nhu cầu {need}, đã bố trí {funded}, thiếu hụt {gap} ({unit}).",
    "No envelope (unlimited): {items}.": "Không có hạn mức (không giới hạn): {items}.", "Kind": "Loại nguồn", "unbudgeted": "chưa có dự toán",
    "No commune rollout in the plan for: {items}.": "Kế hoạch không ghi số xã triển khai đối với: {items}.", "Rollup": "Tổng hợp", "Plans: {items}.": "Các kế hoạch: {items}.",
}
VI.update({
    "Some figures are rounded down or up rather than to the nearest, so that every total adds up as shown.":
        "Một số số liệu được làm tròn lên hoặc xuống (không theo số gần nhất) để các tổng cộng khớp như hiển thị.",
    "Incomplete: values that could not be read are left out of these figures: {items}.":
        "Chưa đầy đủ: các giá trị không đọc được không được tính trong số liệu này: {items}.",
    "(no commune)": "(không có xã)",
    "'(no commune)': money a line spends in a year in which its rollout has no commune (R007).":
        "'(không có xã)': kinh phí của can thiệp trong năm không có xã triển khai (R007).",
    "envelope used up": "hết hạn mức nguồn", "no eligible source": "không có nguồn được sử dụng",
    "{source} valid {start}-{end}": "{source} chỉ có hiệu lực {start}-{end}", "Cause": "Nguyên nhân",
    "gap by cause": "thiếu hụt theo nguyên nhân",
    "shares (equal split over eligible sources assumed for: {items})":
        "theo tỷ lệ (giả định chia đều cho các nguồn được sử dụng đối với: {items})",
})
UNIT_LABEL = {"en": {"vnd": "VND", "thousand": "thousand VND", "million": "million VND", "billion": "billion VND"},
              "vi": {"vnd": "đồng", "thousand": "nghìn đồng", "million": "triệu đồng", "billion": "tỷ đồng"}}


def t(text: str, lang: str) -> str:
    return VI.get(text, text) if lang == "vi" else text
