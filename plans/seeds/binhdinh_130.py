"""Kế hoạch 130/KH-LĐLĐ of 30/8/2021 of the Bình Định provincial federation.

Wording from the plan as issued (shared/seeds/002_*.txt). The plan asks for
reports "định kỳ 6 tháng, năm" without dates: the six-month report is due on
15 June and the year report on 15 December, the usual dates (admins can change them).
The plan has no roadmap (lộ trình) section.
"""

from unions.models import OrganizationKind

UPPER_LEVELS = OrganizationKind.upper_kinds()
REPORTING = [
    OrganizationKind.FEDERATION,
    OrganizationKind.SECTOR,
    OrganizationKind.DISTRICT,
    OrganizationKind.INDUSTRIAL_ZONE,
    OrganizationKind.COMMUNE,
    OrganizationKind.GRASSROOTS,
]
GRASSROOTS = [OrganizationKind.GRASSROOTS]
CTR05 = "Chương trình hành động số 05-CTr/TU: đoàn viên là đảng viên"
CTR07 = "Chương trình hành động số 07-CTr/TU: nguồn nhân lực"


def _count(code, label, group, kinds, aggregation="stock", unit="người", help_text=""):
    return {
        "code": code,
        "label": label,
        "group": group,
        "value_type": "count",
        "unit": unit,
        "aggregation": aggregation,
        "reporting_kinds": kinds,
        "help_text": help_text,
    }


PLAN = {
    "slug": "binhdinh-130",
    "issuer": "BD",
    "number": "130/KH-LĐLĐ",
    "title": (
        "Triển khai Chương trình hành động thực hiện Nghị quyết Đại hội XX Đảng bộ tỉnh, Nghị quyết Đại hội "
        "Đảng toàn quốc lần thứ XIII về “Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và "
        "chất lượng đội ngũ đảng viên” và “Nâng cao chất lượng nguồn nhân lực của tỉnh Bình Định” giai đoạn "
        "2020 - 2025"
    ),
    "issued_on": "2021-08-30",
    "basis": (
        "Thực hiện Chương trình hành động số 05-CTr/TU ngày 14/5/2021 về “Nâng cao năng lực lãnh đạo, sức "
        "chiến đấu của tổ chức cơ sở đảng và chất lượng đội ngũ đảng viên giai đoạn 2020 - 2025” và Chương "
        "trình hành động số 07-CTr/TU ngày 14/5/2021 về “Nâng cao chất lượng nguồn nhân lực của tỉnh Bình "
        "Định giai đoạn 2020 - 2025” của Tỉnh ủy, Ban Thường vụ Liên đoàn Lao động (LĐLĐ) tỉnh Bình Định xây "
        "dựng Kế hoạch triển khai thực hiện 02 Chương trình hành động (CTHĐ) nêu trên như sau:"
    ),
    "first_year": 2020,
    "last_year": 2025,
    "frequency": "semiannual",
    "reporting_kinds": REPORTING,
    "report_to": "qua Ban Tổ chức - Kiểm tra",
    "s1_due_offset_days": -15,
    "annual_due_offset_days": -16,
    "purpose": (
        "- Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng của đội ngũ đảng "
        "viên; đấu tranh ngăn chặn sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện "
        "“tự diễn biến”, “tự chuyển hóa” trong nội bộ; phát huy tính tiền phong gương mẫu của mỗi cán bộ, "
        "đảng viên. Qua đó góp phần xây dựng giai cấp công nhân ngày càng lớn mạnh, hiện đại, tổ chức Công "
        "đoàn Việt Nam vững mạnh đáp ứng yêu cầu trong tình hình mới.\n"
        "- Đào tạo nguồn nhân lực có chất lượng cao nhằm đáp ứng nhu cầu phát triển kinh tế - xã hội; xây "
        "dựng đội ngũ cán bộ công đoàn các cấp đảm bảo về trình độ, năng lực công tác, kỹ năng hoạt động công "
        "đoàn… Chú trọng đến công tác đào tạo, nâng cao chất lượng của giai cấp công nhân; có cơ cấu hợp lý "
        "giữa các ngành, các lĩnh vực đáp ứng theo định hướng phát triển của địa phương."
    ),
    "requirements": (
        "- Nâng cao nhận thức và vai trò của cấp ủy, lãnh đạo các cơ quan, đơn vị, ban chấp hành, ban thường "
        "vụ công đoàn các cấp trong việc lãnh đạo, chỉ đạo triển khai thực hiện 02 CTHĐ, xem đây là một trong "
        "những nhiệm vụ quan trọng của các cấp công đoàn trong thời gian tới.\n"
        "- Xác định việc nâng cao chất lượng nguồn nhân lực là khâu then chốt, có ý nghĩa quyết định trong "
        "công tác xây dựng, ổn định tổ chức công đoàn và để góp phần hoàn thành các chỉ tiêu của 02 CTHĐ; là "
        "yếu tố cơ bản bảo đảm cho tổ chức công đoàn thực hiện tốt vai trò, chức năng và nhiệm vụ của mình."
    ),
    "funding": "",
    "implementation": (
        "1. Liên đoàn Lao động tỉnh\n"
        "Chỉ đạo các ban, các cấp công đoàn thuộc LĐLĐ tỉnh tổ chức triển khai Kế hoạch thực hiện Chương "
        "trình hành động số 05-CTr/TU ngày 14/5/2021 về “Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ "
        "chức cơ sở đảng và chất lượng đội ngũ đảng viên giai đoạn 2020 - 2025” và Chương trình hành động số "
        "07-CTr/TU ngày 14/5/2021 về “Nâng cao chất lượng nguồn nhân lực của tỉnh Bình Định giai đoạn 2020 - "
        "2025” của Tỉnh ủy.\n"
        "2. Các cấp công đoàn\n"
        "Liên đoàn lao động các huyện, thị xã, thành phố, công đoàn ngành và CĐCS trực thuộc chủ động xây dựng "
        "kế hoạch cụ thể, phù hợp với đặc điểm tình hình của địa phương, đơn vị để tổ chức thực hiện Chương "
        "trình đạt hiệu quả cao. Báo cáo kết quả thực hiện với công đoàn cấp trên theo quy định.\n"
        "3. Trung tâm Giáo dục nghề nghiệp Công đoàn Bình Định\n"
        "Căn cứ vào chức năng, nhiệm vụ của đơn vị, tổ chức xây dựng, đổi mới nội dung, chương trình, phương "
        "pháp đào tạo, nâng cao tỷ lệ thời gian thực hành… Tạo điều kiện cho đoàn viên, người lao động được "
        "đào tạo nghề.\n"
        "Trên đây là Kế hoạch triển khai thực hiện 02 CTHĐ của Ban Thường vụ LĐLĐ tỉnh, đề nghị các ban, LĐLĐ "
        "các huyện, thị xã, thành phố, công đoàn ngành, các đơn vị kinh tế sự nghiệp và CĐCS trực thuộc LĐLĐ "
        "tỉnh nghiêm túc triển khai thực hiện; định kỳ 6 tháng, năm báo cáo kết quả gửi về LĐLĐ tỉnh (qua Ban "
        "Tổ chức - Kiểm tra) để tổng hợp báo cáo các cấp có thẩm quyền theo quy định."
    ),
    "signer_title": "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH",
    "signer_name": "Nguyễn Mạnh Hùng",
    "recipients": (
        "Tỉnh ủy Bình Định (báo cáo);\n"
        "Tổng LĐLĐ VN (báo cáo);\n"
        "Thường trực, các ban LĐLĐ tỉnh;\n"
        "LĐLĐ các huyện, TX, TP, CĐN;\n"
        "Các đơn vị KT-SN, CĐCS trực thuộc;\n"
        "Lưu: VT, Ban ToC-KT."
    ),
    "indicators": [
        {
            "code": "rating",
            "label": "Xếp loại công đoàn cơ sở cuối năm",
            "group": "Xếp loại công đoàn cơ sở",
            "value_type": "choice",
            "choices": [
                ["excellent", "Hoàn thành xuất sắc nhiệm vụ"],
                ["good", "Hoàn thành tốt nhiệm vụ"],
                ["completed", "Hoàn thành nhiệm vụ"],
                ["not_completed", "Không hoàn thành nhiệm vụ"],
            ],
            "aggregation": "stock",
            "year_only": True,
            "reporting_kinds": GRASSROOTS,
            "help_text": "Kết quả đánh giá, xếp loại của công đoàn cấp trên trong năm; chỉ báo cáo ở báo cáo năm.",
        },
        _count("party_members", "Số đoàn viên là đảng viên", CTR05, GRASSROOTS),
        _count(
            "party_members_good",
            "Trong đó: số đảng viên hoàn thành tốt nhiệm vụ trở lên",
            CTR05,
            GRASSROOTS,
        ),
        _count(
            "party_members_failed",
            "Trong đó: số đảng viên không hoàn thành nhiệm vụ",
            CTR05,
            GRASSROOTS,
            help_text="Cộng với số hoàn thành tốt không lớn hơn số đoàn viên là đảng viên.",
        ),
        _count(
            "introduced_to_party",
            "Số đoàn viên ưu tú được giới thiệu cho Đảng xem xét kết nạp",
            CTR05,
            GRASSROOTS,
            aggregation="flow",
            help_text="Số giới thiệu trong kỳ báo cáo.",
        ),
        _count(
            "officers_fulltime",
            "Số cán bộ công đoàn chuyên trách",
            "Cán bộ công đoàn chuyên trách",
            [kind for kind in REPORTING if kind != OrganizationKind.GRASSROOTS],
        ),
        _count(
            "officers_degree",
            "Trong đó: có trình độ đại học và sau đại học",
            "Cán bộ công đoàn chuyên trách",
            [kind for kind in REPORTING if kind != OrganizationKind.GRASSROOTS],
        ),
        _count(
            "officers_political",
            "Trong đó: có trình độ lý luận chính trị từ trung cấp trở lên",
            "Cán bộ công đoàn chuyên trách",
            [kind for kind in REPORTING if kind != OrganizationKind.GRASSROOTS],
        ),
        _count(
            "civil_servant_members",
            "Số đoàn viên là cán bộ, công chức, viên chức",
            "Đoàn viên là cán bộ, công chức, viên chức",
            GRASSROOTS,
        ),
        _count(
            "civil_servant_members_standard",
            "Trong đó: đạt chuẩn chức danh theo quy định",
            "Đoàn viên là cán bộ, công chức, viên chức",
            GRASSROOTS,
        ),
        _count("members", "Số đoàn viên (người lao động trong đơn vị)", CTR07, GRASSROOTS),
        _count("members_trained", "Trong đó: được đào tạo, bồi dưỡng nghề", CTR07, GRASSROOTS),
    ],
    "rules": [
        {"whole": "party_members", "parts": ["party_members_good", "party_members_failed"]},
        {"whole": "officers_fulltime", "parts": ["officers_degree"]},
        {"whole": "officers_fulltime", "parts": ["officers_political"]},
        {"whole": "civil_servant_members", "parts": ["civil_servant_members_standard"]},
        {"whole": "members", "parts": ["members_trained"]},
    ],
    "targets": [
        {
            "code": "CT1",
            "short_label": "Hằng năm từ 85% CĐCS trở lên hoàn thành tốt nhiệm vụ",
            "wording": "Phấn đấu hằng năm, có từ 85% CĐCS trở lên hoàn thành tốt nhiệm vụ.",
            "measure": "unit_share",
            "indicator": "rating",
            "condition_op": "in",
            "condition_values": ["excellent", "good"],
            "comparator": ">=",
            "threshold": "85",
            "population_kinds": GRASSROOTS,
            "evaluation": "annual",
        },
        {
            "code": "CT2",
            "short_label": "CĐCS không hoàn thành nhiệm vụ dưới 0,3%",
            "wording": "Hạn chế tỷ lệ CĐCS không hoàn thành nhiệm vụ dưới 0,3%.",
            "measure": "unit_share",
            "indicator": "rating",
            "condition_op": "=",
            "condition_values": ["not_completed"],
            "comparator": "<",
            "threshold": "0.3",
            "population_kinds": GRASSROOTS,
            "evaluation": "annual",
        },
        {
            "code": "CT3",
            "short_label": "Từ 90% đoàn viên là đảng viên hoàn thành tốt nhiệm vụ",
            "wording": ("Hằng năm, tỷ lệ đoàn viên công đoàn là đảng viên hoàn thành tốt nhiệm vụ từ 90% trở lên."),
            "measure": "ratio",
            "numerator": "party_members_good",
            "denominator": "party_members",
            "comparator": ">=",
            "threshold": "90",
            "population_kinds": GRASSROOTS,
            "evaluation": "annual",
        },
        {
            "code": "CT4",
            "short_label": "Đoàn viên là đảng viên không hoàn thành nhiệm vụ dưới 0,4%",
            "wording": "Đoàn viên là đảng viên không hoàn thành nhiệm vụ dưới 0,4%.",
            "measure": "ratio",
            "numerator": "party_members_failed",
            "denominator": "party_members",
            "comparator": "<",
            "threshold": "0.4",
            "population_kinds": GRASSROOTS,
            "evaluation": "annual",
        },
        {
            "code": "CT5",
            "short_label": "Mỗi CĐCS giới thiệu ít nhất 01 đoàn viên ưu tú cho Đảng",
            "wording": "Hằng năm mỗi CĐCS giới thiệu ít nhất 01 đoàn viên ưu tú cho Đảng xem xét kết nạp.",
            "measure": "unit_share",
            "indicator": "introduced_to_party",
            "condition_op": ">=",
            "condition_values": ["1"],
            "comparator": ">=",
            "threshold": "100",
            "population_kinds": GRASSROOTS,
            "evaluation": "annual",
        },
        {
            "code": "CT6",
            "short_label": "Đến cuối 2025 trên 95% cán bộ chuyên trách có trình độ đại học",
            "wording": (
                "Phấn đấu đến cuối năm 2025, cán bộ chuyên trách công đoàn có trình độ đại học và sau đại học "
                "đạt trên 95%."
            ),
            "measure": "ratio",
            "numerator": "officers_degree",
            "denominator": "officers_fulltime",
            "comparator": ">",
            "threshold": "95",
            "population_kinds": UPPER_LEVELS,
            "evaluation": "by_deadline",
            "deadline_year": 2025,
        },
        {
            "code": "CT7",
            "short_label": "Đến cuối 2025 trên 90% cán bộ chuyên trách có trung cấp lý luận chính trị",
            "wording": (
                "Phấn đấu đến cuối năm 2025, cán bộ chuyên trách công đoàn có trình độ lý luận chính trị từ "
                "trung cấp trở lên đạt trên 90%."
            ),
            "measure": "ratio",
            "numerator": "officers_political",
            "denominator": "officers_fulltime",
            "comparator": ">",
            "threshold": "90",
            "population_kinds": UPPER_LEVELS,
            "evaluation": "by_deadline",
            "deadline_year": 2025,
        },
        {
            "code": "CT8",
            "short_label": "100% đoàn viên là CBCCVC đạt chuẩn chức danh",
            "wording": "Phấn đấu 100% đoàn viên là cán bộ, công chức, viên chức đạt chuẩn chức danh theo quy định.",
            "measure": "ratio",
            "numerator": "civil_servant_members_standard",
            "denominator": "civil_servant_members",
            "comparator": ">=",
            "threshold": "100",
            "population_kinds": GRASSROOTS,
            "evaluation": "annual",
        },
        {
            "code": "CT9",
            "short_label": "Từ 66% lao động được đào tạo, bồi dưỡng nghề",
            "wording": (
                "Tỷ lệ lao động (là đoàn viên thuộc các đơn vị có tổ chức công đoàn) được đào tạo, bồi dưỡng "
                "nghề đạt từ 66% trở lên."
            ),
            "measure": "ratio",
            "numerator": "members_trained",
            "denominator": "members",
            "comparator": ">=",
            "threshold": "66",
            "population_kinds": GRASSROOTS,
            "evaluation": "by_deadline",
            "deadline_year": 2025,
        },
    ],
    "tasks": [
        {
            "number": "1",
            "title": (
                "Đối với Chương trình hành động số 05-CTr/TU ngày 14/5/2021 về “Nâng cao năng lực lãnh đạo, sức "
                "chiến đấu của tổ chức cơ sở đảng và chất lượng đội ngũ đảng viên giai đoạn 2020 - 2025”"
            ),
            "body": "",
        },
        {
            "number": "1.1",
            "parent": "1",
            "title": "Đổi mới và thực hiện có hiệu quả công tác giáo dục chính trị, tư tưởng",
            "body": (
                "- Tăng cường công tác tư tưởng, học tập chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh; tuyên "
                "truyền sâu rộng đường lối, chủ trương của Đảng, chính sách, pháp luật của Nhà nước, tình hình "
                "thế giới, trong nước. Nâng cao nhận thức, bản lĩnh chính trị, trí tuệ, tính chiến đấu của mỗi "
                "đoàn viên và người lao động. Phát huy vai trò tiền phong, gương mẫu của cán bộ, lãnh đạo, quản "
                "lý.\n"
                "- Nâng cao chất lượng, hiệu quả tổ chức các hoạt động tuyên truyền các ngày lễ lớn, sự kiện "
                "chính trị giúp cho đoàn viên, công chức, viên chức, lao động (CCVCLĐ) nhận thức sâu sắc toàn "
                "diện về Đảng, về sứ mệnh của giai cấp công nhân, truyền thống lịch sử của đất nước, ý thức công "
                "dân, trách nhiệm với xã hội…\n"
                "- Phối hợp với các trường, trung tâm bồi dưỡng chính trị tổ chức tập huấn cho đội ngũ báo cáo "
                "viên, cán bộ công đoàn các cấp, đoàn viên, người lao động qua đó nâng cao chất lượng đào tạo, "
                "bồi dưỡng lý luận chính trị; phát huy vai trò văn học nghệ thuật trên mặt trận tư tưởng; đẩy "
                "mạnh ứng dụng các thành tựu khoa học - công nghệ phục vụ tốt cho công tác tuyên truyền.\n"
                "- Thực hiện có hiệu quả các giải pháp đấu tranh bảo vệ nền tảng tư tưởng của Đảng, đẩy mạnh "
                "công tác tuyên truyền trong đoàn viên và người lao động nhằm nâng cao nhận thức, đấu tranh "
                "chống âm mưu “diễn biến hòa bình”, phản bác các quan điểm, thông tin sai trái của các thế lực "
                "thù địch trên mạng xã hội.\n"
                "- Nâng cao hiệu quả hoạt động của Bản tin Công đoàn, Trang thông tin điện tử, trang fanpage của "
                "các cấp công đoàn; khuyến khích các cấp công đoàn xây dựng thêm các trang fanpage mới, để cùng "
                "phối hợp nâng cao hiệu quả công tác tuyên truyền trong giai đoạn hiện nay."
            ),
        },
        {
            "number": "1.2",
            "parent": "1",
            "title": (
                "Tiếp tục thực hiện có hiệu quả Nghị quyết Trung ương 4 khóa XI, Nghị quyết Trung ương 4 khóa "
                "XII về xây dựng Đảng gắn với đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
                "Minh"
            ),
            "body": (
                "- Phát huy vai trò của cán bộ công đoàn các cấp, kịp thời phát hiện, đẩy lùi sự suy thoái về tư "
                "tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong đoàn "
                "viên, người lao động.\n"
                "- Nâng cao ý thức tu dưỡng, rèn luyện đạo đức cách mạng, thường xuyên “tự soi”, “tự sửa” và nêu "
                "cao danh dự, lòng tự trọng của người đảng viên. Tiếp tục thực hiện nghiêm các quy định về trách "
                "nhiệm nêu gương của cán bộ, đảng viên, trước hết là người đứng đầu các cấp.\n"
                "- Tổ chức các đợt sinh hoạt chuyên đề xây dựng Đảng về đạo đức, góp phần xây dựng đội ngũ đảng "
                "viên, đoàn viên, người lao động có bản lĩnh chính trị vững vàng, phẩm chất đạo đức trong sáng, "
                "thực sự tiền phong, gương mẫu và có dũng khí trong đấu tranh tự phê bình và phê bình."
            ),
        },
        {
            "number": "1.3",
            "parent": "1",
            "title": (
                "Củng cố, nâng cao công tác tổ chức, phát triển đoàn viên, thành lập công đoàn cơ sở, xây dựng "
                "đội ngũ cán bộ công đoàn đáp ứng yêu cầu nhiệm vụ"
            ),
            "body": (
                "- Rà soát, bổ sung, sửa đổi, hoàn thiện chức năng mô hình tổ chức, bộ máy của công đoàn các cấp "
                "đảm bảo tinh gọn, hiệu lực, hiệu quả; xây dựng và thực hiện nghiêm các quy chế làm việc, quy "
                "chế phối hợp của các cấp công đoàn. Tiếp tục đổi mới, nâng cao chất lượng sinh hoạt của các tổ "
                "công đoàn, phù hợp với từng loại hình đơn vị. Tập trung củng cố, kiện toàn các công đoàn cơ sở "
                "(CĐCS) còn yếu kém. Đổi mới việc xây dựng đánh giá xếp loại chất lượng công đoàn phù hợp với "
                "yêu cầu của tình hình mới.\n"
                "- Tập trung mọi nguồn lực phát triển đoàn viên và thành lập CĐCS. Đối với công tác đoàn viên, "
                "cần triển khai đồng bộ các giải pháp như phát triển đoàn viên, quản lý đoàn viên, nâng cao chất "
                "lượng đoàn viên, chăm lo lợi ích cho đoàn viên… Đầu tư, nghiên cứu các phương thức vận động có "
                "tính thuyết phục cao làm cho người lao động và người sử dụng lao động có nhận thức đầy đủ và "
                "chính xác về tổ chức Công đoàn Việt Nam. Chú trọng đến công tác phát triển đoàn viên, thành lập "
                "CĐCS khu vực ngoài nhà nước.\n"
                "- Phối hợp với cấp ủy, chính quyền, các cơ quan chuyên môn tăng cường công tác giáo dục chính "
                "trị tư tưởng, bồi dưỡng lý tưởng, nhân sinh quan cách mạng; nâng cao nhận thức và trình độ lý "
                "luận chính trị cho đoàn viên nhất là đội ngũ cán bộ công đoàn các cấp luôn bảo đảm về số lượng, "
                "nâng cao về chất lượng. Quan tâm đến đối tượng là cán bộ nữ, cán bộ được trưởng thành từ công "
                "nhân.\n"
                "- Tiếp tục nghiên cứu, đổi mới phương thức chỉ đạo và tổ chức hoạt động công đoàn theo hướng "
                "khoa học, sáng tạo, hướng về cơ sở, phù hợp với đối tượng là đoàn viên, người lao động theo từng "
                "địa phương, đơn vị. Đẩy mạnh công tác ứng dụng các tiến bộ của khoa học kỹ thuật vào trong hoạt "
                "động công đoàn."
            ),
        },
        {
            "number": "1.4",
            "parent": "1",
            "title": "Đổi mới nâng cao hiệu lực, hiệu quả công tác kiểm tra, giám sát",
            "body": (
                "- Các cấp công đoàn thường xuyên tổ chức nâng cao nhận thức cho đoàn viên, người lao động về vai "
                "trò, vị trí của công tác kiểm tra, giám sát; tăng cường quản lý, giáo dục, rèn luyện nhằm để "
                "phòng ngừa, ngăn chặn các vi phạm. Ngoài ra căn cứ vào các chủ trương, nghị quyết của Đảng, "
                "chính sách, pháp luật của nhà nước có liên quan trực tiếp đến đoàn viên, người lao động, từng "
                "cấp công đoàn tổ chức giám sát cấp ủy đảng, chính quyền cùng cấp trong việc chỉ đạo, triển khai "
                "thực hiện; chú ý lựa chọn các nội dung mà đoàn viên, người lao động bức xúc, quan tâm.\n"
                "- Uỷ ban Kiểm tra CĐCS các cấp kịp thời sửa đổi, bổ sung và thực hiện có hiệu quả quy chế làm "
                "việc, chương trình kiểm tra, giám sát toàn khoá hàng năm. Công tác kiểm tra, giám sát phải được "
                "tiến hành một cách thường xuyên, toàn diện, công khai, dân chủ, thận trọng và chặt chẽ. Kịp "
                "thời phát hiện, chấn chỉnh và xử lý nghiêm các vi phạm trong công tác quản lý, sử dụng tài "
                "chính, tài sản của các cấp công đoàn.\n"
                "- Chủ động đề xuất với các cơ quan quản lý của nhà nước tăng cường công tác kiểm tra, thanh tra, "
                "giám sát việc thực hiện chính sách pháp luật có liên quan đến quyền và lợi ích hợp pháp, chính "
                "đáng của người lao động và của tổ chức Công đoàn; kịp thời phát hiện và kiến nghị xử lý nghiêm "
                "các hành vi vi phạm.\n"
                "- Tham gia giám sát, phản biện xã hội theo Quyết định số 217-QĐ/TW, ngày 12/12/2013 của Bộ "
                "Chính trị về “Ban hành Quy chế giám sát và phản biện xã hội của Mặt trận Tổ quốc Việt Nam và "
                "các đoàn thể chính trị - xã hội”. Tham gia góp ý xây dựng Đảng, xây dựng chính quyền theo Quyết "
                "định số 218-QĐ/TW, ngày 12/12/2013 của Bộ Chính trị về ban hành quy định về Mặt trận Tổ quốc "
                "Việt Nam và các đoàn thể chính trị - xã hội và nhân dân tham gia góp ý xây dựng Đảng, xây dựng "
                "chính quyền."
            ),
        },
        {
            "number": "2",
            "title": (
                "Đối với Chương trình hành động số 07-CTr/TU ngày 14/5/2021 về “Nâng cao chất lượng nguồn nhân "
                "lực của tỉnh Bình Định giai đoạn 2020 - 2025”"
            ),
            "body": "",
        },
        {
            "number": "2.1",
            "parent": "2",
            "title": "Nâng cao nhận thức của các cấp ủy, chính quyền về nâng cao chất lượng nguồn nhân lực",
            "body": (
                "Tổ chức quán triệt, tuyên truyền, nâng cao nhận thức của các cấp ủy đảng, chính quyền, cán bộ "
                "công đoàn các cấp về vai trò của nguồn nhân lực. Từ đó, tạo sự chuyển biến mạnh mẽ về nhận "
                "thức trong việc nâng cao chất lượng nguồn nhân lực, xem đây là nhiệm vụ quan trọng hàng đầu, "
                "lâu dài và bền vững để phát triển kinh tế - xã hội của địa phương."
            ),
        },
        {
            "number": "2.2",
            "parent": "2",
            "title": "Nâng cao công tác đào tạo nghề đối với đội ngũ công nhân, người lao động",
            "body": (
                "- Các cấp công đoàn chủ động đề xuất với cấp ủy, chính quyền, người sử dụng lao động tạo điều "
                "kiện về thời gian, cơ sở vật chất, hỗ trợ kinh phí mở lớp đào tạo nâng cao tay nghề hoặc cử "
                "người lao động tham gia học nghề; Phối hợp tổ chức các cuộc thi nâng cao tay nghề, thợ giỏi "
                "trong công nhân; nghiên cứu, xây dựng các mô hình mới nhằm động viên, khuyến khích người lao "
                "động nâng cao kiến thức, trình độ tin học, ngoại ngữ… dễ dàng tiếp cận với công nghệ, máy móc "
                "hiện đại nhằm tăng cơ hội ổn định việc làm hoặc thay đổi việc làm mới tốt hơn.\n"
                "- Vận động người lao động tự nghiên cứu, học tập nâng cao trình độ học vấn, tay nghề, kỹ năng "
                "nghề nghiệp gắn với các phong trào, các mô hình hoạt động có hiệu quả như: Phong trào “Ôn lý "
                "thuyết - Luyện tay nghề”, “Thợ giỏi”, Chương trình học tập “Nâng cao hiểu biết chính trị - "
                "pháp luật”… giúp người lao động nâng cao ý thức chấp hành pháp luật, tác phong công nghiệp, kỷ "
                "luật lao động thích ứng với môi trường lao động mới và cuộc Cách mạng công nghiệp 4.0.\n"
                "- Đồng hành cùng với doanh nghiệp trong công tác đào tạo nâng cao chất lượng nguồn nhân lực "
                "theo phương châm Nhà nước, doanh nghiệp, người lao động cùng thực hiện (Doanh nghiệp hỗ trợ về "
                "thời gian, Nhà nước hỗ trợ kinh phí, người lao động chủ động, tích cực tham gia vào quá trình "
                "đào tạo).\n"
                "- Nâng cao hiệu quả hoạt động của Trung tâm Giáo dục nghề nghiệp Công đoàn Bình Định trong công "
                "tác đào tạo nghề cho người lao động, đổi mới nội dung, chương trình, phương pháp giảng dạy, nâng "
                "cao tỷ lệ thời gian thực hành… Tạo điều kiện cho học viên được vừa học nghề vừa thực hành, tiếp "
                "cận công nghệ mới hiện đại, có điều kiện thực tập thực tế tại doanh nghiệp.\n"
                "- Phối hợp với các cơ quan chức năng tổ chức các diễn đàn, khuyến khích đẩy mạnh thực hiện xã "
                "hội hóa hoạt động dạy nghề, đa dạng hóa loại hình đào tạo và hợp tác quốc tế trong đào tạo, bồi "
                "dưỡng nghề."
            ),
        },
        {
            "number": "2.3",
            "parent": "2",
            "title": (
                "Hoàn thiện các cơ chế chính sách; phát triển nguồn nhân lực chất lượng cao đáp ứng yêu cầu phát "
                "triển kinh tế - xã hội của tỉnh"
            ),
            "body": (
                "- Phát huy vai trò lãnh đạo, chỉ đạo, triển khai thực hiện của các cấp ủy đảng, chính quyền, ban "
                "chấp hành công đoàn các cấp trong việc nâng cao chất lượng nguồn nhân lực và xem đây là một "
                "trong các mục tiêu, chỉ tiêu cơ bản, quan trọng trong kế hoạch hàng năm của các địa phương, đơn "
                "vị.\n"
                "- Tham mưu, xây dựng cơ chế để phát hiện, bồi dưỡng, đào tạo tài năng là công nhân, viên chức và "
                "người lao động có trình độ, tay nghề cao, có tâm huyết với nghề; tạo môi trường, điều kiện hoạt "
                "động thuận lợi để họ sáng tạo và cống hiến tài năng của mình.\n"
                "- Tiếp tục tham mưu để hoàn thiện các cơ chế, chính sách phát triển nguồn nhân lực hiện hành "
                "như: hỗ trợ đối với cán bộ, công chức, viên chức được cử đi đào tạo; thu hút và ưu đãi đối với "
                "bác sĩ, dược sĩ; khuyến khích phát triển các cơ sở ngoài công lập hoạt động trong lĩnh vực: "
                "giáo dục - đào tạo, y tế, văn hóa, thể dục thể thao, dạy nghề và lao động xã hội trên địa bàn "
                "tỉnh...\n"
                "- Thường xuyên nắm bắt thông tin, phối hợp với doanh nghiệp xây dựng cơ chế, chính sách để tạo "
                "sự liên kết giữa cơ sở đào tạo với người sử dụng lao động, sử dụng nguồn nhân lực chất lượng "
                "cao, đào tạo nguồn nhân lực theo yêu cầu của thị trường lao động."
            ),
        },
    ],
    "roadmap": [],
}
