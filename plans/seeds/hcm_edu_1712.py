"""Kế hoạch of the Education sector union of Ho Chi Minh City implementing Đề án 1712/ĐA-TLĐ.

Wording from the plan as issued (shared/seeds/000_*.txt). The plan states no
number, no issue date and no due date: the number and date are left empty and
the annual report is due on 15 December, the usual date (admins can change it).
"""

from unions.models import OrganizationKind

ALL_LEVELS = list(OrganizationKind.values)

PLAN = {
    "slug": "hcm-edu-1712",
    "issuer": "HCM-GD",
    "number": "",
    "title": (
        "Thực hiện Đề án số 1712/ĐA-TLĐ ngày 11/11/2019 “Công đoàn tham gia với người sử dụng lao động "
        "nâng cao chất lượng nguồn nhân lực, góp phần nâng cao năng suất lao động” giai đoạn 2019 - 2023"
    ),
    "issued_on": None,
    "basis": (
        "Căn cứ Đề án số 1712/ĐA-TLĐ ngày 11/11/2019 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam "
        "về Công đoàn tham gia với người sử dụng lao động nâng cao chất lượng nguồn nhân lực, góp phần nâng "
        "cao năng suất lao động giai đoạn 2019-2023.\n"
        "Căn cứ Kế hoạch số 26/KH-LĐLĐ ngày 20 tháng 5 năm 2020 của Ban Thường vụ Liên đoàn Lao động Thành "
        "phố thực hiện Đề số 1712/ĐA-TLĐ ngày 11/11/2019 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam "
        "về Công đoàn tham gia với người sử dụng lao động nâng cao chất lượng nguồn nhân lực, góp phần nâng "
        "cao năng suất lao động giai đoạn 2019-2023, Ban Thường vụ Công đoàn ngành Giáo dục Thành phố xây "
        "dựng Kế hoạch tổ chức thực hiện với những nội dung như sau:"
    ),
    "first_year": 2019,
    "last_year": 2023,
    "frequency": "annual",
    "reporting_kinds": [OrganizationKind.SECTOR, OrganizationKind.GRASSROOTS],
    "report_to": "qua Ban Chính sách Pháp luật",
    "s1_due_offset_days": -15,
    "annual_due_offset_days": -16,
    "purpose": (
        "- Tăng cường sự phối hợp giữa công đoàn với người sử dụng lao động (bao gồm các cơ quan hành chính, "
        "đơn vị lực lượng vũ trang, đơn vị sự nghiệp, doanh nghiệp, sau đây gọi tắt là người sử dụng lao "
        "động) trong việc nâng cao chất lượng nguồn nhân lực. Phấn đấu tăng tỷ lệ lao động đã qua đào tạo; "
        "nâng cao trình độ chuyên môn, kỹ năng nghề nghiệp, ý thức tuân thủ pháp luật và tác phong làm việc "
        "nhằm đáp ứng nhu cầu phát triển kinh tế - xã hội của đất nước.\n"
        "- Thông qua việc nâng cao chất lượng nguồn nhân lực góp phần tăng năng suất lao động cá nhân, tăng "
        "tiền lương, tăng thu nhập của người lao động, từ đó cải thiện và nâng cao chất lượng cuộc sống của "
        "người lao động, tạo việc làm bền vững cho người lao động, xây dựng cơ quan, đơn vị, doanh nghiệp "
        "(sau đây gọi chung là cơ quan, đơn vị) vững mạnh toàn diện."
    ),
    "requirements": (
        "Tạo nên sự quan tâm và nâng cao nhận thức của toàn hệ thống công đoàn về trách nhiệm tham gia với "
        "người sử dụng lao động trong việc nâng cao chất lượng nguồn nhân lực; vừa thể hiện vai trò của tổ "
        "chức công đoàn với người lao động, vừa khẳng định vị trí, vai trò đối với người sử dụng lao động."
    ),
    "funding": (
        "- Công đoàn các cấp tuyên truyền, vận động để người sử dụng lao động, lãnh đạo chính quyền địa "
        "phương đầu tư kinh phí cho hoạt động nâng cao chất lượng nguồn nhân lực.\n"
        "- Các cấp công đoàn chi kinh phí cho các hoạt động tuyên truyền, vận động và một số mô hình điểm. "
        "Các hoạt động khác liên quan đến nâng cao chất lượng nguồn nhân lực như: Tổ chức hội nghị, hội "
        "thảo, đào tạo, bồi dưỡng, tập huấn... sử dụng từ nguồn ngân sách nhà nước theo quy định, nguồn tài "
        "chính của cơ quan, đơn vị, doanh nghiệp và nguồn huy động khác."
    ),
    "implementation": (
        "1- Đối với Công đoàn ngành Giáo dục:\n"
        "- Căn cứ Kế hoạch của Liên đoàn Lao động Thành phố, Công đoàn ngành Giáo dục Thành phố chủ động báo "
        "cáo Đảng ủy và phối hợp với Ban Giám đốc, các Phòng, Ban chuyên môn Sở Giáo dục và Đào tạo xây dựng "
        "kế hoạch hoặc chương trình về nâng cao chất lượng nguồn nhân lực. Tích cực tham gia khảo sát, điều "
        "tra xác định nhu cầu đào tạo, xây dựng chương trình và tổ chức hoạt động tham gia nâng cao chất "
        "lượng nguồn nhân lực.\n"
        "- Triển khai các hoạt động cụ thể nâng cao chất lượng nguồn nhân lực theo Kế hoạch và kiểm tra, "
        "giám sát việc thực hiện Kế hoạch ở các công đoàn cơ sở trực thuộc, sơ kết, tổng kết, rút kinh "
        "nghiệm trong từng giai đoạn và tổ chức tôn vinh, biểu dương, khen thưởng các tập thể, cá nhân có "
        "thành tích xuất sắc trong nâng cao chất lượng nguồn nhân lực.\n"
        "- Hằng năm, tổng hợp báo cáo kết quả thực hiện Đề án gửi về Liên đoàn Lao động Thành phố (qua Ban "
        "Chính sách Pháp luật) để tổng hợp báo cáo Ban Thường vụ LĐLĐ Thành phố.\n"
        "2- Đối với Công đoàn cơ sở trực thuộc:\n"
        "Trên cơ sở Kế hoạch của Công đoàn ngành Giáo dục Thành phố, chủ động báo cáo cấp ủy Đảng và phối "
        "hợp với chính quyền, xây dựng kế hoạch thực hiện. Tích cực tham gia khảo sát, điều tra xác định nhu "
        "cầu, xây dựng chương trình và tổ chức các hoạt động.\n"
        "- Tăng cường công tác tuyên truyền, nâng cao nhận thức của người sử dụng lao động, người lao động và "
        "cán bộ làm công tác nâng cao chất lượng nguồn nhân lực.\n"
        "- Kiểm tra, giám sát, đề xuất biểu dương, khen thưởng các tập thể, cá nhân có thành tích xuất sắc "
        "trong nâng cao chất lượng nguồn nhân lực. Hàng năm, báo cáo kết quả thực hiện Kế hoạch về Công đoàn "
        "ngành Giáo dục Thành phố.\n"
        "Trên đây là Kế hoạch thực hiện Đề số 1712/ ĐA-TLĐ ngày 11/11/2019 của Đoàn Chủ tịch Tổng Liên đoàn "
        "Lao động Việt Nam về Công đoàn tham gia với người sử dụng lao động nâng cao chất lượng nguồn nhân "
        "lực, góp phần nâng cao năng suất lao động giai đoạn 2019-2023, Ban Thường vụ Công đoàn ngành Giáo "
        "dục Thành phố đề nghị các công đoàn cơ sở nghiên cứu, triển khai thực hiện có hiệu quả. Trong quá "
        "trình thực hiện nếu có vướng mắc, đề nghị liên hệ về Ban Chính sách Pháp luật Công đoàn ngành Giáo "
        "dục Thành phố, điện thoại: (028) 38.299.667 hoặc Đ/c Lưu Thiên Đức (ĐTDĐ: 0903.308.308) để được "
        "hướng dẫn thực hiện./."
    ),
    "signer_title": "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH",
    "signer_name": "Nguyễn Thị Gái",
    "recipients": (
        "Thường trực LĐLĐ TP “để b/c”;\n"
        "Ban CSPL LĐLĐ TP “để b/c”;\n"
        "Đảng Ủy, Ban Giám đốc Sở “để b/c”;\n"
        "Công đoàn cơ sở “để th/hiện”;\n"
        "Lưu CSPL, VP."
    ),
    "indicators": [
        {
            "code": "propagated",
            "label": (
                "Đơn vị đã tuyên truyền, vận động và tham gia với người sử dụng lao động, người lao động "
                "nâng cao chất lượng nguồn nhân lực"
            ),
            "group": "Tuyên truyền, vận động",
            "value_type": "boolean",
            "aggregation": "stock",
            "reporting_kinds": [],
            "help_text": "Chỉ tiêu 1: 100% các cấp công đoàn tuyên truyền, vận động và tham gia.",
        },
        {
            "code": "hr_activities",
            "label": ("Số hoạt động phối hợp với chuyên môn tổ chức nhằm nâng cao chất lượng nguồn nhân lực"),
            "group": "Hoạt động nâng cao chất lượng nguồn nhân lực",
            "value_type": "count",
            "unit": "hoạt động",
            "aggregation": "flow",
            "reporting_kinds": [OrganizationKind.GRASSROOTS],
            "help_text": "Tính các hoạt động tổ chức trong kỳ báo cáo (hội nghị, tập huấn, bồi dưỡng, hội thi...).",
        },
        {
            "code": "cla_new",
            "label": "Số thỏa ước lao động tập thể ký mới",
            "group": "Thỏa ước lao động tập thể",
            "value_type": "count",
            "unit": "bản",
            "aggregation": "flow",
            "reporting_kinds": [OrganizationKind.GRASSROOTS],
            "help_text": "Thỏa ước ký mới trong kỳ báo cáo; 0 nếu không ký mới.",
        },
        {
            "code": "cla_new_training",
            "label": (
                "Trong đó: số thỏa ước có điều, khoản quy định hằng năm xây dựng kế hoạch và tổ chức đào "
                "tạo, bồi dưỡng, tập huấn nâng cao trình độ, kỹ năng cho người lao động"
            ),
            "group": "Thỏa ước lao động tập thể",
            "value_type": "count",
            "unit": "bản",
            "aggregation": "flow",
            "reporting_kinds": [OrganizationKind.GRASSROOTS],
            "help_text": "Không lớn hơn số thỏa ước ký mới.",
        },
    ],
    "rules": [
        {"whole": "cla_new", "parts": ["cla_new_training"]},
    ],
    "targets": [
        {
            "code": "CT1",
            "short_label": "100% các cấp công đoàn tuyên truyền, vận động và tham gia",
            "wording": (
                "100% các cấp công đoàn tuyên truyền, vận động và tham gia với người sử dụng lao động, người "
                "lao động trong việc chung tay nâng cao chất lượng nguồn nhân lực."
            ),
            "measure": "unit_share",
            "indicator": "propagated",
            "condition_op": "=",
            "condition_values": ["1"],
            "comparator": ">=",
            "threshold": "100",
            "population_kinds": ALL_LEVELS,
            "evaluation": "annual",
        },
        {
            "code": "CT2",
            "short_label": "Hằng năm 90% CĐCS tổ chức ít nhất một hoạt động",
            "wording": (
                "Hằng năm, phấn đấu 90% công đoàn cơ sở phối hợp với chuyên môn tổ chức ít nhất một hoạt "
                "động nhằm nâng cao chất lượng nguồn nhân lực."
            ),
            "measure": "unit_share",
            "indicator": "hr_activities",
            "condition_op": ">=",
            "condition_values": ["1"],
            "comparator": ">=",
            "threshold": "90",
            "population_kinds": [OrganizationKind.GRASSROOTS],
            "evaluation": "annual",
        },
        {
            "code": "CT3",
            "short_label": "Đến hết năm 2023 trên 70% thỏa ước ký mới có điều khoản đào tạo",
            "wording": (
                "Phấn đấu đến hết năm 2023 có trên 70% thỏa ước lao động tập thể ký mới có điều, khoản quy "
                "định về việc hàng năm doanh nghiệp xây dựng kế hoạch và tổ chức đào tạo, bồi dưỡng, tập "
                "huấn nâng cao trình độ, kỹ năng cho người lao động tại doanh nghiệp."
            ),
            "measure": "ratio",
            "numerator": "cla_new_training",
            "denominator": "cla_new",
            "comparator": ">",
            "threshold": "70",
            "population_kinds": [OrganizationKind.GRASSROOTS],
            "evaluation": "by_deadline",
            "deadline_year": 2023,
        },
    ],
    "tasks": [
        {
            "number": "1",
            "title": (
                "Nâng cao nhận thức trong toàn hệ thống công đoàn và xã hội về vai trò, trách nhiệm của tổ "
                "chức công đoàn trong việc tham gia nâng cao chất lượng nguồn nhân lực"
            ),
            "body": (
                "- Chủ động hoặc phối hợp với người sử dụng lao động tuyên truyền, nâng cao nhận thức cho cán "
                "bộ công đoàn các cấp, nhất là chủ tịch công đoàn cơ sở về vai trò, trách nhiệm của công đoàn "
                "trong việc tham gia nâng cao chất lượng nguồn nhân lực, phải coi đây là giải pháp chăm lo, "
                "bảo vệ cán bộ, nhà giáo và người lao động lâu dài, bền vững và hiệu quả. Tập trung bồi dưỡng "
                "kiến thức về thị trường lao động, về chính sách, pháp luật liên quan đến đào tạo nguồn nhân "
                "lực, về các kỹ năng cần có của cán bộ công đoàn phối hợp với người sử dụng lao động để nâng "
                "cao chất lượng nguồn nhân lực.\n"
                "- Thông qua các cơ quan báo chí của tổ chức công đoàn và các phương tiện truyền thông ở địa "
                "phương, tuyên truyền về vai trò, trách nhiệm, ý nghĩa, tác dụng khi tổ chức công đoàn tham "
                "gia nâng cao chất lượng nguồn nhân lực.\n"
                "- Tuyên truyền để người sử dụng lao động và cán bộ, nhà giáo và người lao động nhận thức rõ "
                "việc nâng cao chất lượng nguồn nhân lực sẽ mang lại lợi ích to lớn cho cả người sử dụng lao "
                "động và cán bộ, nhà giáo và người lao động, là một trong những giải pháp nâng cao năng suất "
                "lao động, hiệu quả công việc, từ đó giúp nâng cao thu nhập và cải thiện đời sống cho cán bộ, "
                "nhà giáo và người lao động, giúp doanh nghiệp và cơ quan, đơn vị phát triển bền vững.\n"
                "- Vận động, đề xuất người sử dụng lao động đổi mới công nghệ, nâng cao năng lực quản trị doanh "
                "nghiệp để tạo cơ hội cho cán bộ, nhà giáo và người lao động nâng cao trình độ, kỹ năng nghề "
                "nghiệp, có môi trường làm việc, cống hiến và tiến bộ; tuân thủ pháp luật về thời giờ làm việc, "
                "tạo điều kiện về thời gian, môi trường, điều kiện để cán bộ, nhà giáo và người lao động được "
                "nghỉ ngơi, vui chơi, giải trí."
            ),
        },
        {
            "number": "2",
            "title": (
                "Tuyên truyền, vận động người lao động tích cực học tập, nâng cao trình độ chuyên môn, kỹ năng "
                "nghề nghiệp, sức khỏe, đời sống tinh thần, ý thức tuân thủ pháp luật, tác phong làm việc, tinh "
                "thần phục vụ nhân dân, gắn bó với cơ quan, đơn vị"
            ),
            "body": (
                "- Thông qua các chương trình, kế hoạch hoạt động của công đoàn, tuyên truyền vận động cán bộ, "
                "nhà giáo và người lao động tích cực dành thời gian tham gia học tập nâng cao trình độ chuyên "
                "môn, nghiệp vụ, tay nghề, kỹ năng làm việc, rèn luyện sức khỏe và nâng cao đời sống tinh thần. "
                "Phối hợp với cơ quan chuyên môn đồng cấp hoặc doanh nghiệp mở các lớp tập huấn, bồi dưỡng cho "
                "cán bộ, nhà giáo và người lao động, nhất là đối tượng lao động mới tuyển dụng và lao động trẻ.\n"
                "- Tuyên truyền, vận động cán bộ, nhà giáo và người lao động phát huy ý thức tự học tập, tự "
                "nghiên cứu, tự tu dưỡng rèn luyện, phát huy tinh thần cần cù chịu khó, dám nghĩ, dám làm và "
                "khả năng sáng tạo, tự kèm cặp, truyền nghề, giúp đỡ nhau cùng tiến bộ... để đáp ứng tốt yêu "
                "cầu nhiệm vụ được giao.\n"
                "- Có các hình thức tuyên truyền phù hợp để cán bộ, nhà giáo và người lao động nâng cao ý thức "
                "chấp hành pháp luật, trách nhiệm đối với công việc được giao, đổi mới tác phong, tinh thần thái "
                "độ phục vụ, trung thực, tiết kiệm, làm việc hăng say với năng suất cao, hiệu quả lớn và gắn bó "
                "với cơ quan, đơn vị. Hình thành các mô hình phù hợp, hấp dẫn và hiệu quả để thu hút đông đảo "
                "đoàn viên, cán bộ, nhà giáo và người lao động tham gia như câu lạc bộ, đội, nhóm; xây dựng "
                "chương trình phối hợp với bộ phận tổ chức, nhân sự cơ quan, đơn vị để tập huấn, bồi dưỡng cho "
                "người lao động."
            ),
        },
        {
            "number": "3",
            "title": "Phát động các phong trào thi đua và làm tốt công tác khen thưởng",
            "body": (
                "- Phối hợp với người sử dụng lao động tổ chức hiệu quả các phong trào thi đua yêu nước tại cơ "
                "quan, đơn vị, trọng tâm là phong trào thi đua “Lao động giỏi, Lao động sáng tạo”, “Dạy tốt, "
                "học tốt”, “Đổi mới, sáng tạo trong dạy và học”, “Tham mưu giỏi, phục vụ tốt”, tạo môi trường "
                "để cán bộ, nhà giáo và người lao động làm việc, rèn luyện, sáng tạo, cống hiến và trưởng "
                "thành; tạo năng suất cao và hiệu quả lớn cho cơ quan, đơn vị.\n"
                "- Biểu dương, khen thưởng kịp thời tập thể, cá nhân có thành tích xuất sắc trong phong trào thi "
                "đua và trong hoạt động nâng cao chất lượng nguồn nhân lực; phổ biến, nhân rộng các điển hình "
                "tiên tiến trong nâng cao chất lượng nguồn nhân lực. Đề xuất với người sử dụng lao động có phần "
                "thưởng xứng đáng đối với kết quả làm lợi của cán bộ, nhà giáo và người lao động có sáng kiến, "
                "cải tiến kỹ thuật tạo năng suất cao, hiệu quả cho cơ quan, đơn vị. Kiểm tra, giám sát các hoạt "
                "động tham gia nâng cao chất lượng nguồn nhân lực ở các cấp công đoàn."
            ),
        },
        {
            "number": "4",
            "title": (
                "Tham gia xây dựng chính sách, pháp luật liên quan đến các hoạt động nâng cao chất lượng nguồn nhân lực"
            ),
            "body": (
                "- Công đoàn các cấp chủ động tham gia với cơ quan chức năng trong việc xây dựng, chế độ chính "
                "sách về nâng cao chất lượng nguồn nhân lực; tham gia xây dựng kế hoạch, chương trình, nội dung "
                "đào tạo, bồi dưỡng nâng cao kỹ năng làm việc cho cán bộ, nhà giáo và người lao động và các vấn "
                "đề khác có liên quan đến đời sống, việc làm, điều kiện làm việc của cán bộ, nhà giáo và người "
                "lao động.\n"
                "- Công đoàn cơ sở chủ động tham gia với người sử dụng lao động trong việc xây dựng quy chế, quy "
                "định liên quan đến hoạt động nâng cao chất lượng nguồn nhân lực; tuyên truyền, giáo dục, vận "
                "động cán bộ, nhà giáo và người lao động thực hiện tốt các quy định trong hoạt động nâng cao "
                "chất lượng nguồn nhân lực của cơ quan, đơn vị.\n"
                "- Trong xây dựng quy định, chế độ, chính sách cần quan tâm hài hòa lợi ích của cán bộ, nhà giáo "
                "và người lao động và người sử dụng lao động, nêu rõ quyền lợi và trách nhiệm của các bên."
            ),
        },
        {
            "number": "5",
            "title": (
                "Chú trọng công tác thương lượng, đối thoại, ký kết và thực hiện thỏa ước lao động tập thể góp "
                "phần nâng cao chất lượng nguồn nhân lực"
            ),
            "body": (
                "- Các cấp công đoàn cần tập trung đối thoại, nâng cao chất lượng thương lượng và đưa vào thỏa "
                "ước lao động tập thể và các quy định của doanh nghiệp những nội dung liên quan đến hoạt động "
                "nâng cao chất lượng nguồn nhân lực như: Kế hoạch, nội dung, chương trình đào tạo, bồi dưỡng, "
                "tập huấn; thời gian, thời lượng và kinh phí dành cho các hoạt động; đề xuất các hình thức, giải "
                "pháp khích lệ cán bộ, nhà giáo và người lao động sáng tạo, làm việc hiệu quả...\n"
                "- Tổ chức các cuộc đối thoại với người sử dụng lao động về nhiệm vụ đào tạo, bồi dưỡng, tập "
                "huấn để nâng cao chất lượng nguồn nhân lực. Đưa nội dung đào tạo, bồi dưỡng, học tập nâng cao "
                "trình độ, kỹ năng nghề nghiệp vào nội dung hội nghị cán bộ công chức viên chức, hội nghị người "
                "lao động để bàn bạc công khai, dân chủ.\n"
                "- Công đoàn cơ sở chủ động phối hợp với người sử dụng lao động xây dựng và thực hiện hiệu quả "
                "quy chế dân chủ ở cơ sở và thực hiện tốt công tác giám sát, phản biện theo chức năng, nhiệm vụ "
                "của tổ chức công đoàn, trong đó có vấn đề về nâng cao chất lượng nguồn nhân lực."
            ),
        },
        {
            "number": "6",
            "title": "Huy động các nguồn lực để nâng cao chất lượng nguồn nhân lực",
            "body": (
                "- Sử dụng hiệu quả chính sách hỗ trợ kinh phí đào tạo, bồi dưỡng, nâng cao trình độ kỹ năng "
                "nghề để duy trì việc làm cho cán bộ, nhà giáo và người lao động theo quy định của Luật Việc "
                "làm.\n"
                "- Kêu gọi nguồn đầu tư tại chỗ của cơ quan, đơn vị để nâng cao chất lượng nguồn nhân lực. Thực "
                "hiện có hiệu quả việc phối hợp đào tạo giữa các cơ sở đào tạo, cơ sở giáo dục nghề nghiệp của "
                "tổ chức công đoàn và các cơ quan, đơn vị.\n"
                "- Huy động các nguồn lực xã hội đầu tư vào cơ sở đào tạo, cơ sở giáo dục nghề nghiệp nhằm bảo "
                "đảm yêu cầu số lượng, chất lượng đào tạo, dạy nghề của thị trường lao động và yêu cầu phát "
                "triển kinh tế - xã hội trong từng thời kỳ.\n"
                "- Nghiên cứu, xây dựng phương án sử dụng nguồn tài chính công đoàn dành cho đào tạo, dạy nghề, "
                "tạo mô hình góp phần đào tạo, bồi dưỡng nâng cao chất lượng nguồn nhân lực mà trước hết là "
                "nâng cao chất lượng đội ngũ cán bộ công đoàn cơ sở."
            ),
        },
    ],
    "roadmap": [
        {
            "title": "Năm 2019-2020",
            "first_year": 2019,
            "last_year": 2020,
            "body": (
                "- Xây dựng kế hoạch, triển khai tập trung đẩy mạnh tuyên truyền về nâng cao chất lượng nguồn "
                "nhân lực. Thực hiện đồng bộ việc tuyên truyền về nâng cao chất lượng nguồn nhân lực của công "
                "đoàn trên nhiều phương tiện thông tin và dưới nhiều hình thức.\n"
                "- Các cấp công đoàn xây dựng chương trình/kế hoạch tổ chức các hoạt động nâng cao chất lượng "
                "nguồn nhân lực ở cấp mình.\n"
                "- Xây dựng một số mô hình, làm cơ sở để nhân rộng toàn hệ thống."
            ),
        },
        {
            "title": "Năm 2021-2023",
            "first_year": 2021,
            "last_year": 2023,
            "body": (
                "- Tổ chức triển khai sâu rộng thực hiện kế hoạch nâng cao chất lượng nguồn nhân lực.\n"
                "- Kiểm tra đánh giá, tổng kết các hoạt động tham gia nâng cao chất lượng nguồn nhân lực để cải "
                "tiến nội dung chương trình, phương pháp, hình thức hoạt động trong thời gian tiếp theo."
            ),
        },
    ],
}
