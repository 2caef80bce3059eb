//! Phrase pools of the generator, each entry in the five languages of a portal: Vietnamese,
//! English, Japanese, Chinese, Korean. Sentences are composed from them by filling `{slots}`, so
//! every language gets the same (made-up) statement and the text looks like a real translation.

/// One phrase in vi, en, ja, zh, ko.
pub type L5 = [&'static str; 5];

pub const LANGS: [&str; 5] = ["vi", "en", "ja", "zh", "ko"];

pub const PROVINCES: &[L5] = &[
    ["Hà Nội", "Hanoi", "ハノイ", "河内", "하노이"],
    ["Hải Phòng", "Hai Phong", "ハイフォン", "海防", "하이퐁"],
    ["Đà Nẵng", "Da Nang", "ダナン", "岘港", "다낭"],
    ["Cần Thơ", "Can Tho", "カントー", "芹苴", "껀터"],
    ["Huế", "Hue", "フエ", "顺化", "후에"],
    ["Quảng Ninh", "Quang Ninh", "クアンニン", "广宁", "꽝닌"],
    ["Nghệ An", "Nghe An", "ゲアン", "乂安", "응에안"],
    ["Lâm Đồng", "Lam Dong", "ラムドン", "林同", "럼동"],
    ["Đồng Nai", "Dong Nai", "ドンナイ", "同奈", "동나이"],
    ["Khánh Hòa", "Khanh Hoa", "カインホア", "庆和", "카인호아"],
];

pub const DEPARTMENTS: &[L5] = &[
    [
        "Sở Tư pháp",
        "Department of Justice",
        "司法局",
        "司法厅",
        "사법국",
    ],
    [
        "Sở Y tế",
        "Department of Health",
        "保健局",
        "卫生厅",
        "보건국",
    ],
    [
        "Sở Giáo dục và Đào tạo",
        "Department of Education and Training",
        "教育訓練局",
        "教育培训厅",
        "교육훈련국",
    ],
    [
        "Sở Tài chính",
        "Department of Finance",
        "財政局",
        "财政厅",
        "재정국",
    ],
    [
        "Sở Xây dựng",
        "Department of Construction",
        "建設局",
        "建设厅",
        "건설국",
    ],
    [
        "Sở Công Thương",
        "Department of Industry and Trade",
        "商工局",
        "工贸厅",
        "상공국",
    ],
    [
        "Sở Nông nghiệp và Môi trường",
        "Department of Agriculture and Environment",
        "農業環境局",
        "农业与环境厅",
        "농업환경국",
    ],
    [
        "Sở Nội vụ",
        "Department of Home Affairs",
        "内務局",
        "内务厅",
        "내무국",
    ],
    [
        "Sở Ngoại vụ",
        "Department of Foreign Affairs",
        "外務局",
        "外务厅",
        "외무국",
    ],
    [
        "Sở Văn hóa, Thể thao và Du lịch",
        "Department of Culture, Sports and Tourism",
        "文化スポーツ観光局",
        "文化体育旅游厅",
        "문화체육관광국",
    ],
    [
        "Sở Khoa học và Công nghệ",
        "Department of Science and Technology",
        "科学技術局",
        "科学技术厅",
        "과학기술국",
    ],
    [
        "Sở Dân tộc và Tôn giáo",
        "Department of Ethnic and Religious Affairs",
        "民族宗教局",
        "民族宗教厅",
        "민족종교국",
    ],
];

/// `{d}` department, `{p}` province.
pub const AGENCY: L5 = ["{d} {p}", "{p} {d}", "{p}{d}", "{p}{d}", "{p} {d}"];

pub const FIELDS: &[L5] = &[
    ["Hộ tịch", "Civil status", "戸籍", "户籍", "호적"],
    ["Chứng thực", "Certification", "証明", "证明", "증명"],
    [
        "Lý lịch tư pháp",
        "Judicial records",
        "司法経歴",
        "司法履历",
        "사법 경력",
    ],
    [
        "Khám bệnh, chữa bệnh",
        "Medical examination and treatment",
        "診療",
        "医疗",
        "진료",
    ],
    ["Dược phẩm", "Pharmaceuticals", "医薬品", "药品", "의약품"],
    [
        "Giáo dục và đào tạo",
        "Education and training",
        "教育訓練",
        "教育培训",
        "교육훈련",
    ],
    ["Đất đai", "Land", "土地", "土地", "토지"],
    ["Môi trường", "Environment", "環境", "环境", "환경"],
    ["Xây dựng", "Construction", "建設", "建设", "건설"],
    ["Thương mại", "Trade", "商業", "商业", "상업"],
    ["Du lịch", "Tourism", "観光", "旅游", "관광"],
    ["Ngoại vụ", "Foreign affairs", "外務", "外务", "외무"],
    [
        "Thi đua, khen thưởng",
        "Emulation and commendation",
        "表彰",
        "评比表彰",
        "포상",
    ],
    ["Tôn giáo", "Religion", "宗教", "宗教", "종교"],
    [
        "Đăng ký kinh doanh",
        "Business registration",
        "事業登録",
        "企业登记",
        "사업자 등록",
    ],
    [
        "Giao thông vận tải",
        "Transport",
        "運輸",
        "交通运输",
        "교통운수",
    ],
];

pub const LEVELS: &[L5] = &[
    ["Cấp tỉnh", "Provincial level", "省級", "省级", "성급"],
    ["Cấp xã", "Commune level", "社級", "乡级", "사급"],
    [
        "Cấp trung ương",
        "Central level",
        "中央級",
        "中央级",
        "중앙급",
    ],
];

pub const AUTHORITIES: &[L5] = &[
    [
        "Ủy ban nhân dân tỉnh",
        "Provincial People's Committee",
        "省人民委員会",
        "省人民委员会",
        "성 인민위원회",
    ],
    [
        "Chủ tịch Ủy ban nhân dân tỉnh",
        "Chairperson of the Provincial People's Committee",
        "省人民委員会委員長",
        "省人民委员会主席",
        "성 인민위원회 위원장",
    ],
    [
        "Giám đốc Sở",
        "Director of the Department",
        "局長",
        "厅长",
        "국장",
    ],
    ["Bộ trưởng", "The Minister", "大臣", "部长", "장관"],
];

/// What a procedure does to its object `{o}`.
pub const ACTIONS: &[L5] = &[
    [
        "cấp {o}",
        "issuance of {o}",
        "{o}の交付",
        "核发{o}",
        "{o} 발급",
    ],
    [
        "cấp lại {o}",
        "reissuance of {o}",
        "{o}の再交付",
        "补发{o}",
        "{o} 재발급",
    ],
    [
        "gia hạn {o}",
        "extension of {o}",
        "{o}の延長",
        "延期{o}",
        "{o} 연장",
    ],
    [
        "sửa đổi, bổ sung {o}",
        "amendment of {o}",
        "{o}の変更",
        "变更{o}",
        "{o} 변경",
    ],
    [
        "thu hồi {o}",
        "withdrawal of {o}",
        "{o}の取消し",
        "撤销{o}",
        "{o} 취소",
    ],
    [
        "xác nhận {o}",
        "confirmation of {o}",
        "{o}の確認",
        "确认{o}",
        "{o} 확인",
    ],
    [
        "đăng ký {o}",
        "registration of {o}",
        "{o}の登録",
        "登记{o}",
        "{o} 등록",
    ],
    [
        "công nhận {o}",
        "recognition of {o}",
        "{o}の認定",
        "认定{o}",
        "{o} 인정",
    ],
];

/// `{a}` the action phrase.
pub const PROCEDURE_NAME: L5 = ["Thủ tục {a}", "{A}", "{a}手続き", "{a}手续", "{a} 절차"];

pub const OBJECTS: &[L5] = &[
    [
        "giấy phép tổ chức hội nghị, hội thảo quốc tế",
        "a permit for an international conference or seminar",
        "国際会議・セミナー開催許可証",
        "国际会议、研讨会举办许可证",
        "국제회의·세미나 개최 허가증",
    ],
    [
        "giấy chứng nhận đăng ký doanh nghiệp",
        "a business registration certificate",
        "企業登録証明書",
        "企业登记证书",
        "기업 등록 증명서",
    ],
    [
        "giấy phép xây dựng",
        "a construction permit",
        "建築許可証",
        "建设许可证",
        "건축 허가증",
    ],
    [
        "chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "a medical practice certificate",
        "医療従事資格証",
        "医疗执业证书",
        "의료 종사 자격증",
    ],
    [
        "giấy phép lao động cho người nước ngoài",
        "a work permit for a foreign national",
        "外国人労働許可証",
        "外国人工作许可证",
        "외국인 노동 허가증",
    ],
    [
        "phiếu lý lịch tư pháp",
        "a judicial record certificate",
        "司法経歴証明書",
        "司法履历证明",
        "사법 경력 증명서",
    ],
    [
        "giấy chứng nhận quyền sử dụng đất",
        "a land use right certificate",
        "土地使用権証明書",
        "土地使用权证书",
        "토지 사용권 증명서",
    ],
    [
        "giấy phép kinh doanh lữ hành quốc tế",
        "an international travel business licence",
        "国際旅行業許可証",
        "国际旅行社经营许可证",
        "국제 여행업 허가증",
    ],
    [
        "giấy phép môi trường",
        "an environmental permit",
        "環境許可証",
        "环境许可证",
        "환경 허가증",
    ],
    [
        "giấy chứng nhận đủ điều kiện kinh doanh dược",
        "a certificate of eligibility for pharmaceutical business",
        "医薬品販売適格証明書",
        "药品经营资格证书",
        "의약품 영업 적격 증명서",
    ],
    [
        "giấy khai sinh",
        "a birth certificate",
        "出生証明書",
        "出生证明",
        "출생 증명서",
    ],
    [
        "giấy chứng nhận kết hôn",
        "a marriage certificate",
        "婚姻証明書",
        "结婚证",
        "혼인 증명서",
    ],
    [
        "bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "a certificate of merit from the provincial chairperson",
        "省人民委員会委員長表彰状",
        "省人民委员会主席奖状",
        "성 인민위원회 위원장 표창장",
    ],
    [
        "giấy phép hoạt động tôn giáo",
        "a permit for religious activities",
        "宗教活動許可証",
        "宗教活动许可证",
        "종교 활동 허가증",
    ],
    [
        "giấy phép lái xe",
        "a driving licence",
        "運転免許証",
        "驾驶证",
        "운전면허증",
    ],
    [
        "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "a food safety eligibility certificate",
        "食品安全適格施設証明書",
        "食品安全合格证书",
        "식품 안전 적격 시설 증명서",
    ],
    [
        "giấy phép thành lập văn phòng đại diện",
        "a licence to open a representative office",
        "駐在員事務所設立許可証",
        "代表处设立许可证",
        "대표사무소 설립 허가증",
    ],
    [
        "thẻ đi lại của doanh nhân APEC",
        "an APEC business travel card",
        "APECビジネス・トラベル・カード",
        "APEC商务旅行卡",
        "APEC 기업인 여행카드",
    ],
    [
        "chứng chỉ năng lực hoạt động xây dựng",
        "a construction capability certificate",
        "建設活動能力証明書",
        "建设活动能力证书",
        "건설 활동 능력 증명서",
    ],
    [
        "giấy phép khai thác tài nguyên nước",
        "a water resources extraction permit",
        "水資源採取許可証",
        "水资源开采许可证",
        "수자원 채취 허가증",
    ],
];

/// `{a}` action phrase, `{g}` agency.
pub const SUMMARY: L5 = [
    "Áp dụng cho tổ chức, cá nhân đề nghị {a}; hồ sơ được nộp tại {g}.",
    "For organisations and individuals who apply for the {a}; dossiers are submitted to {g}.",
    "{a}を申請する団体・個人が対象です。書類は{g}に提出します。",
    "适用于申请{a}的组织和个人；材料向{g}提交。",
    "{a}을(를) 신청하는 단체와 개인이 대상입니다. 서류는 {g}에 제출합니다.",
];

/// Sentences of long texts. Slots: `{g}` agency, `{f}` field, `{p}` province, `{o}` object,
/// `{d}` document number, `{n}` a count, `{y}` a year, `{c}` a percentage.
pub const SENTENCES: &[L5] = &[
    [
        "Hồ sơ được tiếp nhận tại bộ phận một cửa của {g} trong giờ hành chính từ thứ Hai đến thứ Sáu hằng tuần.",
        "Dossiers are received at the one-stop desk of {g} during office hours from Monday to Friday every week.",
        "書類は毎週月曜日から金曜日までの執務時間内に{g}のワンストップ窓口で受け付けます。",
        "材料于每周一至周五办公时间在{g}一站式窗口受理。",
        "서류는 매주 월요일부터 금요일까지 근무 시간에 {g}의 원스톱 창구에서 접수합니다.",
    ],
    [
        "Trong thời hạn {n} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan có thẩm quyền xem xét và trả lời bằng văn bản.",
        "Within {n} working days of receiving a complete and valid dossier, the competent authority reviews it and replies in writing.",
        "有効な書類一式を受領した日から{n}営業日以内に、権限ある機関が審査し書面で回答します。",
        "自收到完整有效材料之日起{n}个工作日内，主管机关进行审查并书面答复。",
        "유효한 서류 일체를 접수한 날부터 {n}영업일 이내에 권한 있는 기관이 검토하여 서면으로 회신합니다.",
    ],
    [
        "Trường hợp hồ sơ chưa đầy đủ, cán bộ tiếp nhận hướng dẫn một lần bằng văn bản để tổ chức, cá nhân bổ sung, hoàn thiện.",
        "If the dossier is incomplete, the receiving officer gives written guidance once so that the applicant can complete it.",
        "書類が不備の場合、受付担当者が一度で書面により案内し、申請者が補完します。",
        "材料不全的，受理人员一次性书面告知申请人补正。",
        "서류가 미비한 경우 접수 담당자가 한 번에 서면으로 안내하여 신청인이 보완하도록 합니다.",
    ],
    [
        "Các thủ tục thuộc lĩnh vực {f} được công bố công khai trên Cổng Dịch vụ công quốc gia và trang thông tin điện tử của {g}.",
        "Procedures in the field of {f} are published on the National Public Service Portal and on the website of {g}.",
        "{f}分野の手続きは国家公共サービスポータル及び{g}のウェブサイトで公開されています。",
        "{f}领域的手续在国家公共服务门户和{g}网站上公开。",
        "{f} 분야의 절차는 국가 공공서비스 포털과 {g} 웹사이트에 공개되어 있습니다.",
    ],
    [
        "Tổ chức, cá nhân có thể theo dõi tình trạng giải quyết hồ sơ bằng mã số biên nhận hoặc qua ứng dụng trên thiết bị di động.",
        "Applicants can follow the progress of their dossier with the receipt number or through the mobile application.",
        "申請者は受付番号又はモバイルアプリで書類の処理状況を確認できます。",
        "申请人可凭受理编号或通过手机应用查询材料办理进度。",
        "신청인은 접수 번호나 모바일 앱으로 서류 처리 상황을 확인할 수 있습니다.",
    ],
    [
        "Năm {y}, {g} đã giải quyết {n} hồ sơ về {o}, trong đó phần lớn được trả kết quả trước hạn.",
        "In {y}, {g} settled {n} dossiers on {o}, most of them ahead of the deadline.",
        "{y}年、{g}は{o}に関する書類{n}件を処理し、その大部分を期限前に交付しました。",
        "{y}年，{g}办理了{n}件关于{o}的材料，其中大部分提前办结。",
        "{y}년 {g}은(는) {o}에 관한 서류 {n}건을 처리했으며 대부분을 기한 전에 교부했습니다.",
    ],
    [
        "Căn cứ văn bản số {d}, quy trình nội bộ được rút gọn và thành phần hồ sơ được đơn giản hóa.",
        "Under document No. {d}, the internal workflow has been shortened and the dossier simplified.",
        "文書第{d}号に基づき、内部手順が短縮され、書類の構成が簡素化されました。",
        "根据第{d}号文件，内部流程已缩短，材料构成已简化。",
        "문서 제{d}호에 따라 내부 절차가 단축되고 서류 구성이 간소화되었습니다.",
    ],
    [
        "Người nộp hồ sơ không phải nộp bản sao giấy tờ đã được số hóa và lưu trữ trong cơ sở dữ liệu quốc gia về dân cư.",
        "Applicants need not submit copies of papers already digitised and held in the national population database.",
        "国家住民データベースにデジタル化・保存済みの書類の写しを提出する必要はありません。",
        "已数字化并存储在国家人口数据库中的证件，申请人无需提交复印件。",
        "국가 주민 데이터베이스에 디지털화되어 저장된 서류의 사본은 제출할 필요가 없습니다.",
    ],
    [
        "Kết quả giải quyết được trả trực tiếp tại {g}, qua dịch vụ bưu chính công ích hoặc trên tài khoản điện tử của người nộp.",
        "The result is handed over at {g}, sent by the public postal service or delivered to the applicant's online account.",
        "結果は{g}での直接交付、公益郵便サービス又は申請者の電子アカウントで受け取れます。",
        "办理结果可在{g}当面领取、通过公益邮政服务寄送或发送至申请人的电子账户。",
        "결과는 {g}에서 직접 받거나 공익 우편 서비스 또는 신청인의 전자 계정으로 받을 수 있습니다.",
    ],
    [
        "Mọi phản ánh, kiến nghị về thủ tục này được tiếp nhận qua đường dây nóng và hộp thư điện tử của {g}.",
        "Feedback and petitions on this procedure are received through the hotline and the e-mail box of {g}.",
        "本手続きに関する意見・要望は{g}のホットライン及び電子メールで受け付けます。",
        "关于本手续的反映、建议通过{g}的热线和电子邮箱受理。",
        "이 절차에 관한 의견과 건의는 {g}의 핫라인과 전자우편으로 접수합니다.",
    ],
    [
        "Phí, lệ phí được nộp trực tuyến qua nền tảng thanh toán của Cổng Dịch vụ công quốc gia hoặc nộp trực tiếp khi nhận kết quả.",
        "Fees and charges are paid online through the payment platform of the National Public Service Portal, or in person when the result is collected.",
        "手数料は国家公共サービスポータルの決済基盤でオンライン納付するか、結果受領時に窓口で納付します。",
        "费用可通过国家公共服务门户支付平台在线缴纳，或在领取结果时当面缴纳。",
        "수수료는 국가 공공서비스 포털 결제 플랫폼으로 온라인 납부하거나 결과 수령 시 창구에서 납부합니다.",
    ],
    [
        "{g} phối hợp với các cơ quan liên quan tại {p} để thẩm định hồ sơ, bảo đảm đúng quy định của pháp luật về {f}.",
        "{g} works with the bodies concerned in {p} to appraise the dossier in line with the law on {f}.",
        "{g}は{p}の関係機関と連携し、{f}に関する法令に従って書類を審査します。",
        "{g}会同{p}有关机关审查材料，确保符合{f}方面的法律规定。",
        "{g}은(는) {p}의 관계 기관과 협력하여 {f}에 관한 법령에 따라 서류를 심사합니다.",
    ],
    [
        "Tỷ lệ hồ sơ thuộc lĩnh vực {f} được giải quyết đúng hạn đạt {c}% trong quý gần nhất.",
        "In the latest quarter, {c}% of dossiers in the field of {f} were settled on time.",
        "直近の四半期において、{f}分野の書類の{c}%が期限内に処理されました。",
        "最近一个季度，{f}领域材料按期办结率达{c}%。",
        "최근 분기에 {f} 분야 서류의 {c}%가 기한 내에 처리되었습니다.",
    ],
    [
        "Việc tiếp nhận và trả kết quả được thực hiện theo cơ chế một cửa liên thông, giảm thời gian đi lại cho người dân và doanh nghiệp.",
        "Reception and delivery of results follow the inter-agency one-stop mechanism, which saves citizens and businesses travel time.",
        "受付と結果交付は連携ワンストップ方式で行われ、住民と企業の移動時間を削減しています。",
        "受理和发放结果实行一站式联办机制，减少群众和企业的往返时间。",
        "접수와 결과 교부는 연계 원스톱 방식으로 이루어져 주민과 기업의 이동 시간을 줄입니다.",
    ],
];

pub const STEPS: &[L5] = &[
    [
        "Tổ chức, cá nhân chuẩn bị hồ sơ theo quy định và nộp tại {g} hoặc trên Cổng Dịch vụ công quốc gia.",
        "The applicant prepares the dossier as required and submits it to {g} or on the National Public Service Portal.",
        "申請者は所定の書類を準備し、{g}又は国家公共サービスポータルに提出します。",
        "申请人按规定准备材料，向{g}或在国家公共服务门户提交。",
        "신청인은 규정에 따라 서류를 준비하여 {g} 또는 국가 공공서비스 포털에 제출합니다.",
    ],
    [
        "Cán bộ tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ và cấp giấy tiếp nhận, hẹn trả kết quả.",
        "The receiving officer checks that the dossier is complete and valid and issues a receipt with the date of the result.",
        "受付担当者が書類の完全性・適法性を確認し、受付票と結果交付予定日を発行します。",
        "受理人员检查材料是否齐全、合法，出具受理回执并约定结果发放日期。",
        "접수 담당자가 서류의 완전성과 적법성을 확인하고 접수증과 결과 교부 예정일을 발급합니다.",
    ],
    [
        "Phòng chuyên môn thẩm định hồ sơ, lấy ý kiến các cơ quan liên quan khi cần và trình lãnh đạo xem xét.",
        "The specialised division appraises the dossier, consults the bodies concerned where needed and submits it to the leadership.",
        "専門部署が書類を審査し、必要に応じて関係機関の意見を聴取したうえで幹部に上申します。",
        "业务处室审查材料，必要时征求有关机关意见，并报领导审议。",
        "전문 부서가 서류를 심사하고 필요하면 관계 기관의 의견을 들은 뒤 지도부에 상정합니다.",
    ],
    [
        "Người có thẩm quyền ký quyết định hoặc văn bản trả lời; trường hợp từ chối phải nêu rõ lý do.",
        "The competent person signs the decision or written reply; a refusal must state its reasons.",
        "権限者が決定又は回答書に署名します。拒否する場合は理由を明記します。",
        "有权人员签署决定或答复文书；不予批准的，应当说明理由。",
        "권한 있는 자가 결정 또는 회신 문서에 서명하며, 거부하는 경우 그 사유를 밝힙니다.",
    ],
    [
        "Trả kết quả cho tổ chức, cá nhân tại bộ phận một cửa, qua bưu chính hoặc trực tuyến.",
        "The result is handed to the applicant at the one-stop desk, by post or online.",
        "結果はワンストップ窓口、郵便又はオンラインで申請者に交付されます。",
        "通过一站式窗口、邮寄或在线方式向申请人发放结果。",
        "결과는 원스톱 창구, 우편 또는 온라인으로 신청인에게 교부됩니다.",
    ],
];

pub const REQUIREMENTS: &[L5] = &[
    [
        "Tổ chức, cá nhân có đủ năng lực pháp luật và năng lực hành vi dân sự theo quy định.",
        "The applicant has full legal and civil capacity as the law requires.",
        "申請者は法令に定める権利能力及び行為能力を有すること。",
        "申请人具有法律规定的民事权利能力和民事行为能力。",
        "신청인은 법령에 따른 권리능력과 행위능력을 갖추어야 합니다.",
    ],
    [
        "Nội dung đề nghị phù hợp với quy định của pháp luật về {f} và không trái với thuần phong mỹ tục.",
        "The request complies with the law on {f} and does not offend good customs.",
        "申請内容が{f}に関する法令に適合し、公序良俗に反しないこと。",
        "申请内容符合{f}方面的法律规定，不违背公序良俗。",
        "신청 내용이 {f}에 관한 법령에 부합하고 미풍양속에 어긋나지 않아야 합니다.",
    ],
    [
        "Không thuộc trường hợp đang bị xử phạt vi phạm hành chính trong lĩnh vực {f}.",
        "The applicant is not under an administrative penalty in the field of {f}.",
        "{f}分野で行政処分を受けていないこと。",
        "申请人未因{f}领域的违法行为正在受到行政处罚。",
        "{f} 분야에서 행정 처분을 받고 있지 않아야 합니다.",
    ],
];

pub const DOSSIER: &[L5] = &[
    [
        "Đơn đề nghị theo mẫu",
        "Application form",
        "所定の申請書",
        "申请表（按样式）",
        "소정의 신청서",
    ],
    [
        "Bản sao giấy tờ tùy thân",
        "Copy of identity papers",
        "身分証明書の写し",
        "身份证件复印件",
        "신분증 사본",
    ],
    [
        "Bản thuyết minh đề án",
        "Project description",
        "事業説明書",
        "项目说明书",
        "사업 설명서",
    ],
    [
        "Văn bản ý kiến của cơ quan liên quan",
        "Written opinion of the bodies concerned",
        "関係機関の意見書",
        "有关机关书面意见",
        "관계 기관 의견서",
    ],
    [
        "Giấy chứng nhận đăng ký doanh nghiệp",
        "Business registration certificate",
        "企業登録証明書",
        "企业登记证书",
        "기업 등록 증명서",
    ],
    [
        "Ảnh màu cỡ 4×6 cm",
        "Colour photograph, 4×6 cm",
        "カラー写真（4×6 cm）",
        "4×6厘米彩色照片",
        "컬러 사진(4×6cm)",
    ],
];

pub const DOSSIER_NOTE: L5 = [
    "Bản chính hoặc bản sao có chứng thực; bản điện tử nếu nộp trực tuyến.",
    "Original or certified copy; an electronic copy when applying online.",
    "原本又は認証謄本。オンライン申請の場合は電子版。",
    "原件或经认证的复印件；在线申请时提交电子版。",
    "원본 또는 인증 사본, 온라인 신청 시 전자본.",
];

pub const FEES: &[L5] = &[
    [
        "Lệ phí cấp mới",
        "Issuance fee",
        "新規交付手数料",
        "新办费",
        "신규 발급 수수료",
    ],
    [
        "Phí thẩm định hồ sơ",
        "Dossier appraisal fee",
        "書類審査手数料",
        "材料审查费",
        "서류 심사 수수료",
    ],
    [
        "Lệ phí cấp lại",
        "Reissuance fee",
        "再交付手数料",
        "补办费",
        "재발급 수수료",
    ],
];

pub const RESULT: L5 = [
    "Quyết định hoặc văn bản chấp thuận về {a} của {g}.",
    "A decision or approval letter from {g} on the {a}.",
    "{g}による{a}に関する決定又は承認書。",
    "{g}关于{a}的决定或批准文书。",
    "{g}의 {a}에 관한 결정 또는 승인서.",
];

pub const PROCESSING_NOTE: L5 = [
    "Kể từ ngày nhận đủ hồ sơ hợp lệ; không tính thời gian bổ sung hồ sơ.",
    "From the day a complete, valid dossier is received; time spent completing the dossier is not counted.",
    "有効な書類一式を受領した日から起算し、補完に要する期間は含みません。",
    "自收到完整有效材料之日起计算，补正材料时间不计算在内。",
    "유효한 서류 일체를 접수한 날부터 기산하며 보완 기간은 포함하지 않습니다.",
];

pub const ONLINE_NOTE: L5 = [
    "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia bằng tài khoản định danh điện tử.",
    "Apply online on the National Public Service Portal with an electronic identification account.",
    "電子識別アカウントで国家公共サービスポータルからオンライン申請します。",
    "使用电子身份账户在国家公共服务门户在线申请。",
    "전자 신원 계정으로 국가 공공서비스 포털에서 온라인 신청합니다.",
];

/// `{n}` street number, `{p}` province.
pub const ADDRESS: L5 = [
    "Bộ phận Một cửa, số {n} đường Trần Phú, {p}",
    "One-stop desk, {n} Tran Phu Street, {p}",
    "{p}チャンフー通り{n}番 ワンストップ窓口",
    "{p}陈富路{n}号一站式窗口",
    "{p} 쩐푸 거리 {n}번지 원스톱 창구",
];

pub const KEYWORDS: &[L5] = &[
    [
        "thủ tục hành chính",
        "administrative procedure",
        "行政手続",
        "行政手续",
        "행정절차",
    ],
    [
        "dịch vụ công",
        "public service",
        "公共サービス",
        "公共服务",
        "공공서비스",
    ],
    ["một cửa", "one-stop", "ワンストップ", "一站式", "원스톱"],
    ["cấp phép", "permit", "許可", "许可", "허가"],
    ["trực tuyến", "online", "オンライン", "在线", "온라인"],
    ["hồ sơ", "dossier", "書類", "材料", "서류"],
];

/// Kinds of document: number suffix, type, issuer.
pub const DOCUMENT_KINDS: &[(&str, &str, L5)] = &[
    (
        "QĐ-UBND",
        "decision",
        [
            "Ủy ban nhân dân tỉnh",
            "Provincial People's Committee",
            "省人民委員会",
            "省人民委员会",
            "성 인민위원회",
        ],
    ),
    (
        "NĐ-CP",
        "decree",
        ["Chính phủ", "The Government", "政府", "政府", "정부"],
    ),
    (
        "TT-BTP",
        "circular",
        [
            "Bộ Tư pháp",
            "Ministry of Justice",
            "司法省",
            "司法部",
            "사법부",
        ],
    ),
    (
        "QĐ-TTg",
        "decision",
        [
            "Thủ tướng Chính phủ",
            "The Prime Minister",
            "首相",
            "政府总理",
            "총리",
        ],
    ),
    (
        "NQ-HĐND",
        "resolution",
        [
            "Hội đồng nhân dân tỉnh",
            "Provincial People's Council",
            "省人民評議会",
            "省人民议会",
            "성 인민의회",
        ],
    ),
    (
        "KH-UBND",
        "plan",
        [
            "Ủy ban nhân dân tỉnh",
            "Provincial People's Committee",
            "省人民委員会",
            "省人民委员会",
            "성 인민위원회",
        ],
    ),
    (
        "CT-TTg",
        "directive",
        [
            "Thủ tướng Chính phủ",
            "The Prime Minister",
            "首相",
            "政府总理",
            "총리",
        ],
    ),
    (
        "VPCP-KSTT",
        "official_letter",
        [
            "Văn phòng Chính phủ",
            "Government Office",
            "政府官房",
            "政府办公厅",
            "정부 사무처",
        ],
    ),
];

/// `{f}` field.
pub const DOCUMENT_TITLES: &[L5] = &[
    [
        "Về việc công bố danh mục thủ tục hành chính lĩnh vực {f}",
        "On publishing the list of administrative procedures in the field of {f}",
        "{f}分野の行政手続一覧の公布について",
        "关于公布{f}领域行政手续目录",
        "{f} 분야 행정절차 목록 공포에 관하여",
    ],
    [
        "Quy định chi tiết một số điều về {f}",
        "Detailing certain provisions on {f}",
        "{f}に関する若干の規定の細則",
        "关于{f}若干条款的详细规定",
        "{f}에 관한 일부 조항의 세부 규정",
    ],
    [
        "Phê duyệt phương án đơn giản hóa thủ tục hành chính lĩnh vực {f}",
        "Approving the plan to simplify administrative procedures in the field of {f}",
        "{f}分野の行政手続簡素化案の承認",
        "批准{f}领域行政手续简化方案",
        "{f} 분야 행정절차 간소화 방안 승인",
    ],
    [
        "Về đẩy mạnh cung cấp dịch vụ công trực tuyến lĩnh vực {f}",
        "On stepping up online public services in the field of {f}",
        "{f}分野のオンライン公共サービス提供の推進について",
        "关于加快提供{f}领域在线公共服务",
        "{f} 분야 온라인 공공서비스 제공 촉진에 관하여",
    ],
];

pub const SIGNERS: &[&str] = &[
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Thu Dung",
    "Hoàng Minh Đức",
    "Vũ Thị Hạnh",
];

/// `{p}` period.
pub const REPORT_TITLE: L5 = [
    "Báo cáo kết quả công tác cải cách hành chính {p}",
    "Report on administrative reform results, {p}",
    "{p}行政改革実施結果報告",
    "{p}行政改革工作结果报告",
    "{p} 행정개혁 추진 결과 보고서",
];

pub const REPORT_SUMMARY: L5 = [
    "Báo cáo tổng hợp kết quả giải quyết thủ tục hành chính, tình hình tiếp nhận phản ánh, kiến nghị và nhiệm vụ trọng tâm của {g} trong {p}.",
    "Summary of the dossiers settled, the feedback received and the priority tasks of {g} in {p}.",
    "{p}における{g}の行政手続処理結果、意見・要望の受付状況及び重点任務をまとめた報告書。",
    "汇总{g}{p}行政手续办理结果、反映建议受理情况及重点任务的报告。",
    "{p} {g}의 행정절차 처리 결과, 의견·건의 접수 현황 및 중점 과제를 정리한 보고서.",
];

/// Period names: `{n}` number, `{y}` year.
pub const PERIOD_MONTH: L5 = [
    "tháng {n} năm {y}",
    "{M} {y}",
    "{y}年{n}月",
    "{y}年{n}月",
    "{y}년 {n}월",
];
pub const PERIOD_QUARTER: L5 = [
    "quý {n} năm {y}",
    "Q{n} {y}",
    "{y}年第{n}四半期",
    "{y}年第{n}季度",
    "{y}년 {n}분기",
];
pub const PERIOD_HALF: L5 = [
    "6 tháng {h} năm {y}",
    "{H} half of {y}",
    "{y}年{h}半期",
    "{y}年{h}半年",
    "{y}년 {h}반기",
];
pub const HALF_NAMES: [L5; 2] = [
    ["đầu", "First", "上", "上", "상"],
    ["cuối", "Second", "下", "下", "하"],
];
pub const PERIOD_YEAR: L5 = ["năm {y}", "the year {y}", "{y}年", "{y}年", "{y}년"];
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub const HEADINGS: [L5; 3] = [
    ["Kết quả đạt được", "Results", "成果", "取得的成果", "성과"],
    [
        "Tồn tại, hạn chế",
        "Shortcomings",
        "課題",
        "存在的不足",
        "미흡한 점",
    ],
    [
        "Nhiệm vụ thời gian tới",
        "Tasks ahead",
        "今後の任務",
        "下一步任务",
        "향후 과제",
    ],
];

pub const TABLE_HEAD: [L5; 3] = [
    ["Chỉ tiêu", "Indicator", "指標", "指标", "지표"],
    ["Kỳ trước", "Previous period", "前期", "上期", "전기"],
    ["Kỳ này", "This period", "今期", "本期", "당기"],
];

pub const INDICATORS: [L5; 4] = [
    [
        "Hồ sơ tiếp nhận",
        "Dossiers received",
        "受付書類",
        "受理材料",
        "접수 서류",
    ],
    [
        "Hồ sơ giải quyết đúng hạn",
        "Dossiers settled on time",
        "期限内処理書類",
        "按期办结材料",
        "기한 내 처리 서류",
    ],
    [
        "Hồ sơ trực tuyến",
        "Online dossiers",
        "オンライン書類",
        "在线材料",
        "온라인 서류",
    ],
    [
        "Phản ánh, kiến nghị",
        "Feedback and petitions",
        "意見・要望",
        "反映建议",
        "의견·건의",
    ],
];

pub const UNIT_DOSSIERS: L5 = ["hồ sơ", "dossiers", "件", "件", "건"];

/// `{d}` document number, `{i}` issuer.
pub const FOOTNOTE: L5 = [
    "Văn bản số {d} của {i}.",
    "Document No. {d} of the {i}.",
    "{i}の文書第{d}号。",
    "{i}第{d}号文件。",
    "{i} 문서 제{d}호.",
];

/// The four performance indices: id, short name, name, unit, scale.
pub const INDICES: [(&str, &str, L5, &str, f64); 4] = [
    (
        "par-index",
        "PAR Index",
        [
            "Chỉ số cải cách hành chính",
            "Public Administration Reform Index",
            "行政改革指数",
            "行政改革指数",
            "행정개혁지수",
        ],
        "points",
        100.0,
    ),
    (
        "sipas",
        "SIPAS",
        [
            "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
            "Index of citizens' and organisations' satisfaction with the services of state administrative agencies",
            "国家行政機関のサービスに対する市民・団体の満足度指数",
            "公民、组织对国家行政机关服务满意度指数",
            "국가 행정기관 서비스에 대한 시민·단체 만족도 지수",
        ],
        "percent",
        100.0,
    ),
    (
        "pci",
        "PCI",
        [
            "Chỉ số năng lực cạnh tranh cấp tỉnh",
            "Provincial Competitiveness Index",
            "省級競争力指数",
            "省级竞争力指数",
            "성급 경쟁력 지수",
        ],
        "points",
        100.0,
    ),
    (
        "papi",
        "PAPI",
        [
            "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh",
            "Provincial Governance and Public Administration Performance Index",
            "省級ガバナンス・行政パフォーマンス指数",
            "省级治理与公共行政绩效指数",
            "성급 거버넌스·공공행정 성과 지수",
        ],
        "points",
        80.0,
    ),
];

pub const INDEX_NOTE: L5 = [
    "Số liệu tổng hợp, dùng để đo hiệu năng.",
    "Synthetic figure, for benchmarking.",
    "性能測定用の合成データ。",
    "用于性能测试的合成数据。",
    "성능 측정용 합성 데이터.",
];

/// Channels: id, kind, name, purpose.
pub const CHANNELS: &[(&str, &str, L5, L5)] = &[
    (
        "duong-day-nong",
        "phone",
        [
            "Đường dây nóng",
            "Hotline",
            "ホットライン",
            "热线",
            "핫라인",
        ],
        [
            "Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính qua điện thoại.",
            "Receives feedback and petitions on administrative procedures by telephone.",
            "行政手続に関する意見・要望を電話で受け付けます。",
            "通过电话受理关于行政手续的反映、建议。",
            "행정절차에 관한 의견과 건의를 전화로 접수합니다.",
        ],
    ),
    (
        "he-thong-phan-anh-truc-tuyen",
        "web_form",
        [
            "Hệ thống phản ánh trực tuyến",
            "Online feedback system",
            "オンライン意見受付システム",
            "在线反映系统",
            "온라인 의견 접수 시스템",
        ],
        [
            "Tiếp nhận và trả lời phản ánh, kiến nghị trực tuyến.",
            "Receives and answers feedback and petitions online.",
            "意見・要望をオンラインで受け付け、回答します。",
            "在线受理并答复反映、建议。",
            "의견과 건의를 온라인으로 접수하고 답변합니다.",
        ],
    ),
    (
        "hop-thu-dien-tu",
        "email",
        [
            "Hộp thư điện tử",
            "E-mail box",
            "電子メール窓口",
            "电子邮箱",
            "전자우편함",
        ],
        [
            "Tiếp nhận góp ý về chất lượng phục vụ qua thư điện tử.",
            "Receives comments on the quality of service by e-mail.",
            "サービスの質に関する意見を電子メールで受け付けます。",
            "通过电子邮件受理关于服务质量的意见。",
            "서비스 품질에 관한 의견을 전자우편으로 접수합니다.",
        ],
    ),
    (
        "tiep-cong-dan",
        "in_person",
        [
            "Tiếp công dân",
            "Citizen reception",
            "市民応対窓口",
            "公民接待",
            "시민 접견",
        ],
        [
            "Tiếp công dân đến phản ánh, kiến nghị trực tiếp.",
            "Receives citizens who bring feedback and petitions in person.",
            "意見・要望を直接持参する市民に応対します。",
            "接待当面反映、建议的公民。",
            "직접 의견과 건의를 제출하는 시민을 접견합니다.",
        ],
    ),
    (
        "hop-thu-buu-chinh",
        "postal",
        [
            "Hộp thư bưu chính",
            "Postal box",
            "郵便窓口",
            "邮政信箱",
            "우편함",
        ],
        [
            "Tiếp nhận đơn thư phản ánh, kiến nghị gửi qua đường bưu chính.",
            "Receives written feedback and petitions sent by post.",
            "郵送された意見・要望書を受け付けます。",
            "受理通过邮政寄送的反映、建议信件。",
            "우편으로 보낸 의견·건의서를 접수합니다.",
        ],
    ),
];

pub const HOURS: L5 = [
    "Giờ hành chính các ngày làm việc",
    "Office hours on working days",
    "平日の執務時間",
    "工作日办公时间",
    "평일 근무 시간",
];

pub const ANSWERED_BY: L5 = [
    "Văn phòng {g}",
    "Office of the {g}",
    "{g}事務室",
    "{g}办公室",
    "{g} 사무실",
];
