"""The two seed plans and their issuers, with the fixed codes of DESIGN §3 and §5."""

from plans.seeds import binhdinh_130, hcm_edu_1712

ISSUERS = [
    {
        "code": "VGCL",
        "name": "Tổng Liên đoàn Lao động Việt Nam",
        "kind": "confederation",
        "parent": None,
        "place": "Hà Nội",
    },
    {
        "code": "HCM",
        "name": "Liên đoàn Lao động Thành phố Hồ Chí Minh",
        "kind": "federation",
        "parent": "VGCL",
        "place": "Thành phố Hồ Chí Minh",
    },
    {
        "code": "HCM-GD",
        "name": "Công đoàn ngành Giáo dục Thành phố",
        "kind": "sector",
        "parent": "HCM",
        "place": "Thành phố Hồ Chí Minh",
        "leader_name": "Nguyễn Thị Gái",
    },
    {
        "code": "BD",
        "name": "Liên đoàn Lao động tỉnh Bình Định",
        "kind": "federation",
        "parent": "VGCL",
        "place": "Bình Định",
        "leader_name": "Nguyễn Mạnh Hùng",
    },
]

PLANS = [hcm_edu_1712.PLAN, binhdinh_130.PLAN]
