"""Word lists, regexes and small text helpers shared by the project, enterprise and
initiative extractors.

Everything here is a pattern of the *genre* (Chinese local-government work reports),
never a name from a particular report: head words and suffixes that end names, cue
verbs that govern them, the list shapes the genre uses (``A、B等N个项目开工``) and
the generic phrases that look like names but are not (骨干企业, 重点项目).

Design notes
------------
* Text is scanned clause by clause (a clause ends at ，。；：！？ or a line break) and
  every clause is cut into windows of at most :data:`MAX_CLAUSE` characters, so a
  5 MB line without punctuation costs linear time: regexes here are anchored or use
  bounded repetition only, and jieba only ever sees one bounded window.
* jieba (the build's own tokenizer, never the global one) is used without its HMM so
  that unknown characters stay single tokens: a run of single characters or rare words
  is what makes a string a *proper* name (南钢, 远航, 施泰纳) rather than a description
  (产业转型升级).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from kg.extract.context import ExtractContext
from kg.model import Evidence, Mention, MentionLink, Report
from kg.segment import cut as fast_cut

# --------------------------------------------------------------------------- limits

MAX_CLAUSE = 300  # characters per scanned window; longer clauses are cut
MAX_NAME = 26  # longest name accepted (characters)
MAX_LIST_SPAN = 240  # how far left of 等 a list may start
MAX_SENTENCE = 400  # longest evidence sentence kept on a mention (window around it)
PROPER_FREQ = 300  # jieba words rarer than this count as proper-name material

# ----------------------------------------------------------------- link predicates

#: MentionLink predicates the extractors emit (subject is always an Enterprise).
PRED_NAMES_PROJECT = "namesProject"  # enterprise E and project "E" (恒远精密 listed among projects)
PRED_INVESTS = "invests"  # enterprise builds / invests in a project (博川新材 -> 博川新材研发中心)
PRED_SETTLES_IN = "settlesIn"  # enterprise settles in a park (X等12家企业入驻 <park>)
PREDICATES: tuple[str, ...] = (PRED_NAMES_PROJECT, PRED_INVESTS, PRED_SETTLES_IN)

# ---------------------------------------------------------------------- characters

OPEN_QUOTES = "“\"「『‘"
CLOSE_QUOTES = "”\"」』’"
QUOTES = OPEN_QUOTES + CLOSE_QUOTES
CLAUSE_BREAKS = "，。；：！？,;:!?\n\r（）()【】[]《》〈〉|"
CJK = "\u4e00-\u9fff"
_CJK_RE = re.compile(f"[{CJK}]")

# ---------------------------------------------------------------- project patterns

#: Words that end a project name, longest first (matching is longest-first anyway).
PROJECT_HEADS: tuple[str, ...] = (
    # parks, bases, towns and zones that are built
    "产业园", "工业园", "物流园", "科技园", "软件园", "创业园", "孵化园", "文化园", "博览园",
    "智造园", "制造园", "示范园", "产业城", "科技城", "钢铁城", "物流城", "智造城", "科创城",
    "产业基地", "基地", "小镇",
    # buildings and facilities
    "中心", "实验室", "综合体", "广场", "大厦", "工厂", "生产线", "产线",
    "市场", "商圈", "街区", "场馆", "体育馆", "体育场", "图书馆", "文化馆", "博物馆",
    "公园", "游园", "学校", "中学", "小学", "幼儿园", "附校", "学院", "医院", "卫生院",
    "养老院", "敬老院", "水厂", "自来水厂", "污水处理厂", "变电站", "输变电工程", "站",
    "码头", "机场", "仓库", "冷库", "管网", "古村落", "火车站", "高铁站", "汽车站", "客运站",
    "化工园", "科创园", "创新园", "电商园", "农业园", "院区", "新院区", "校区", "新校区", "保健院",
    "交通枢纽", "枢纽", "停车场", "长廊", "养护院", "福利院", "康养中心", "教学楼", "综合楼", "大楼", "楼", "片区",
    # transport and utilities
    "专线", "专用线", "铁路", "高铁", "高速", "大道", "大桥", "桥", "隧道", "匝道", "环路",
    "环线", "廊道", "航道", "公路", "路", "街", "线", "渠", "水库", "灌区",
    # named works
    "工程",
)

#: Endings after a head: phases and sections (环城北路三期, 滨江路北段, 滨江大道二期).
PHASE_RE = re.compile(
    r"(?:[（(]?(?:[一二三四五六七八九十]+|\d+(?:-\d+)?)期[)）]?(?:工程)?"
    r"|[东西南北中]{1,2}段|[东西南北]?匝道|延伸段|核心段|扩容(?:工程)?|改扩建工程|[东西南北]延线"
    r"|延长线|[东西南北]?线|[（(](?:[东西南北中]{1,2}线|[\u4e00-\u9fff]{1,5}段)[)）])"
)
PHASE_ONLY_RE = re.compile(r"(?:[一二三四五六七八九十]+|\d+(?:-\d+)?)期(?:工程)?$")
#: A section or phase in brackets right after a name (临川线（北岭段）, 沿江高速扩容（南线）).
BRACKET_SECTION_RE = re.compile(
    r"[（(](?:[东西南北中]{1,2}线|[\u4e00-\u9fff]{1,5}段|(?:[一二三四五六七八九十]+|\d+)期)[)）]"
)
#: Area words that open a works name without making it generic when a phase follows
#: (中心城区排水管网改造二期工程 is one works; 中心城区道路 is not a name).
AREA_PREFIXES: tuple[str, ...] = ("中心城区", "主城区", "老城区", "城区")
#: Heads of named water and sewer works on an existing place or system:
#: 清河流域雨污分流改造, 老城区排水系统综合治理.
WORKS_HEADS: tuple[str, ...] = (
    "雨污分流改造", "雨污分流", "污水系统综合治理", "排水系统综合治理", "排水管网改造",
    "污水管网改造", "黑臭水体治理", "水系连通",
)
#: Works heads that name a system, so an area word (中心城区) is enough before them.
SYSTEM_WORKS_HEADS: tuple[str, ...] = ("污水系统综合治理", "排水系统综合治理")
#: Modifiers between a place and a works head (清河|流域|雨污分流改造, 清河|市政|…).
WORKS_MODIFIERS_RE = re.compile(r"(?:流域|市政|片区|沿线|周边|主城区|城区)$")

#: Road-like heads are only heads when jieba did not make them part of a common word.
COMMON_WITH_ROAD_HEAD = frozenset({
    "道路", "思路", "铁路", "公路", "马路", "网路", "线路", "出路", "一路", "门路", "套路",
    "路线", "路网", "新路", "老路", "道路交通", "路径", "全线", "一线", "主线", "红线", "底线",
    "防线", "战线", "热线", "上线", "在线", "专线", "沿线", "生产线", "连线", "视线", "界线",
    "航线", "干线", "支线", "前线", "高线", "路由", "港口", "香港", "口岸", "站点", "网站",
    "车站", "岗位", "一站", "驿站", "港股", "桥梁", "街道", "大街", "上街", "渠道", "高速公路",
    "中心", "核心", "重心", "市场", "广场", "工程", "大桥", "大道",
})

#: Construction verbs that belong to a works name when they come right before 工程
#: (S315线青溪段改扩建工程, 县中医院迁建工程).
WORKS_VERBS = frozenset({
    "改扩建", "扩建", "改建", "新建", "迁建", "补建", "提质改造", "改造", "建设", "提质", "延伸", "整治",
    "治理", "修复", "除险加固", "加固", "扩容", "提标改造", "升级改造", "综合治理",
})

#: Park-like heads strong enough to name a project without a cue in the clause.
STRONG_PROJECT_HEADS: tuple[str, ...] = (
    "产业园", "工业园", "物流园", "科技园", "软件园", "创业园", "智造园", "制造园", "示范园",
    "产业城", "科技城", "钢铁城", "物流城", "智造城", "科创城", "产业基地", "综合体",
)
#: Heads of roads and bridges: a two-character common stem (航空大道, 新华桥) is still a
#: name when the clause says the road is built or opened.
ROAD_HEADS: tuple[str, ...] = ("大道", "路", "大桥", "桥", "隧道", "高速", "环路", "环线")

#: Cues that by themselves say a thing is built or opened (建成, 开工 …).
STRONG_CUE_RE = re.compile(
    r"开工|竣工|建成|投产|投入使用|投入运营|开业|通车|开园|开学|交付|交房|完工|启用|动工|"
    r"(?:完成|加快|推进|启动|抓好|加速|推动|实施)[^，。；]{0,40}建设"
)
#: Numbered openings that make a "name" a count (两大百亿项目, 两个专职消防救援站).
COUNT_PREFIX_RE = re.compile(r"^[\d一二两三四五六七八九十百千几多]+\s*(?:个|大|座|条|所|家|批|项|处|类|万|亿)")

#: Cue words in a clause that make a head-word name a project, with the status they
#: signal (the linking stage turns cue + section into a status timeline).
STATUS_CUES: dict[str, str] = {
    "签约": "signed", "引进": "signed", "引入": "signed", "落户": "signed", "落地": "signed",
    "招引": "signed", "签约引进": "signed",
    "开工建设": "started", "开工": "started", "动工": "started", "启动建设": "started",
    "启动": "started", "征拆": "started", "开建": "started",
    "在建": "in_progress", "续建": "in_progress", "推进": "in_progress", "加快": "in_progress",
    "建设": "in_progress", "实施": "in_progress", "改造": "in_progress", "提质": "in_progress",
    "扩建": "in_progress", "改扩建": "in_progress", "新建": "in_progress", "打造": "in_progress",
    "完成主体": "in_progress", "主体完工": "in_progress", "搬迁": "in_progress",
    "竣工投产": "operating", "建成投产": "operating", "投产": "operating", "投入使用": "operating",
    "投入运营": "operating", "建成开业": "operating", "开业": "operating", "运营": "operating",
    "运行": "operating", "开园": "operating", "开学": "operating", "建成使用": "operating",
    "建成启用": "operating", "启用": "operating", "交房": "completed", "交付": "completed",
    "竣工": "completed", "建成": "completed", "通车": "completed", "竣工通车": "completed",
    "完工": "completed", "完成": "completed", "交地": "completed", "拉通": "completed",
    "打通": "completed", "通行": "completed",
}
#: The same cues, longest first, as one regex (bounded alternation, no backtracking risk).
STATUS_CUE_RE = re.compile("|".join(sorted(map(re.escape, STATUS_CUES), key=len, reverse=True)))

#: Nouns that, right after ``等 (N个)``, say the list holds projects.
PROJECT_CLASS_RE = re.compile(
    r"(?:[\d一二三四五六七八九十百几两]+\s*(?:个|条|所|座|项|处|宗|批|家|大)|一批|一系列)?\s*"
    r"(?:[省市区县国]、?[省市区县]?(?:级)?|国家级|省级|市级|区级|县级|“[^”]{1,8}”)?\s*"
    r"(?:重点|重大|产业|续建|在建|新建|优质|配套|龙头|产业链|支撑|文旅|重点文旅|基础设施|"
    r"农业|工业|民生|社会事业|城建|交通|水利|水利设施|先导性|标志性|招商|签约|海绵城市|"
    r"企业投资|亿元以上|生产性|生活性|地产|优质地产|精品|制造业|科技|数字经济|新基建){0,3}\s*"
    r"(?:项目|道路|主干道|主次干道|干道|交通堵点|学校|园区|医院|工程|设施|基础配套设施|"
    r"公共服务设施|路网|田园综合体|精品民宿|民宿)"
)
#: Nouns after ``等`` that say the list holds enterprises.
ENTERPRISE_CLASS_RE = re.compile(
    r"(?:[\d一二三四五六七八九十百几两]+\s*(?:家|个)|一批|多家)?\s*"
    r"(?:[^\s，。；、]{0,8}?)(?:企业|公司|品牌企业|商超|银行|知名品牌|首店知名品牌)"
)
#: Right after ``等``: words that rule a list out however its items look.
NON_NAME_CLASS_RE = re.compile(
    r"(?:[\d一二三四五六七八九十百几两]+\s*(?:个|项|类|大|家|条|座|所))?\s*"
    r"(?:村|镇|乡|街道|社区|小区|老旧小区|片区|区域|领域|部门|单位|方面|行业|指标|工作|问题|"
    r"产业|产品|要素|环节|平台|机构|院校|岗位|人员|群体|政策|措施|资金|场景|赛事|节会|"
    r"展会|文体活动|业态|景区)"
)

# ------------------------------------------------------------- enterprise patterns

#: Endings of enterprise names. "Strong" endings need no other evidence.
ENTERPRISE_STRONG_SUFFIXES: tuple[str, ...] = (
    "股份有限公司", "有限责任公司", "有限公司", "分公司", "子公司", "公司", "集团", "股份",
    "控股", "实业",
)
#: Endings typical of short enterprise names; they need a proper-name part *and* a cue.
ENTERPRISE_SUFFIXES: tuple[str, ...] = (
    "科技", "电子", "新材", "新材料", "精密", "智能", "机电", "高分子", "电气", "电器",
    "医疗", "食品", "药业", "制药", "生物", "光电", "重工", "机械", "包装", "环保",
    "钢构", "建设", "建工", "置业", "地产", "传媒", "通信", "半导体", "微电子", "阀门",
    "电缆", "线缆", "陶瓷", "铝业", "化工", "纺织", "服饰", "酒店", "银行", "物流", "电脑",
)
#: Cue words that make the name before them an enterprise (X上市, X获评…企业).
ENTERPRISE_SUBJECT_CUES: tuple[str, ...] = (
    "港股上市", "A股上市", "主板上市", "创业板上市", "科创板上市", "北交所上市", "上市",
    "过会", "挂牌", "获评", "入选", "入围", "上榜", "跻身", "荣获", "获得", "获", "成功入选",
    "落户", "入驻", "投产", "签约",
)
#: Cue words giving an enterprise's role in its clause (first after the name wins).
ENTERPRISE_ROLE_CUE_RE = re.compile(
    r"港股上市|上市|挂牌|过会|入驻|入园|进驻|落户|签约|引进|引入|招引|获评|入选|入围|上榜|跻身|"
    r"荣获|获得|投产|竣工|开工|建成|裂变|突破|参与|稳产|增产|扩大|转型|技改|获"
)
#: Endings that make a name a place or a facility, not an enterprise.
PLACE_END_RE = re.compile(r"(?:村|镇|乡|街道|社区|区|县|市|省|州|园|园区|城|中心|小区|学校|医院|馆|站|场|路|港|岭|湖|江|山)$")
#: The strong subset: even in an explicit enterprise list these are places (华轨铁路 is not).
STRONG_PLACE_END_RE = re.compile(r"(?:村|镇|乡|街道|社区|县|省|区|城|园|中心|基地|小区|学校|医院|馆|站)$")
#: Numbered state factories (302厂, 715厂) are enterprises although they start with digits.
NUMBERED_FACTORY_RE = re.compile(r"^\d{2,4}厂$")

#: Words in the object of 获评/入选 that show the subject is an enterprise.
ENTERPRISE_OBJECT_RE = re.compile(
    r"企业|工厂|公司|500强|百强企业|企业百强|制造业百强|小巨人|单项冠军|隐形冠军|瞪羚|独角兽|"
    r"示范企业|龙头|金奖|质量奖|车间|专精特新"
)
#: Verbs whose object, when it ends in an enterprise suffix, is an enterprise.
ENTERPRISE_OBJECT_VERBS: tuple[str, ...] = (
    "支持", "助力", "帮助", "协助", "引进", "引入", "推动", "鼓励", "培育", "组建", "成立",
)
#: ``支持A、B申报…中心``: verbs whose objects apply for an enterprise-level title, and
#: the titles that show the applicants are companies.
APPLICANT_VERBS_RE = re.compile(r"(?:支持|鼓励|推动|引导|帮助|指导|助推)")
APPLICATION_RE = re.compile(r"(?:申报|申请|争创|创建|争当|认定为|冲刺|入选)")
ENTERPRISE_TITLE_RE = re.compile(
    r"工业设计中心|企业技术中心|技术中心|专精特新|小巨人|单项冠军|隐形冠军|瞪羚|独角兽|"
    r"绿色工厂|智能工厂|数字化车间|智能制造|高新技术企业|上市|挂牌|龙头企业|示范企业"
)
#: Strong suffixes whose removal leaves a company's short name (甲乙公司 -> 甲乙).
SHORTENABLE_SUFFIXES: tuple[str, ...] = ("股份有限公司", "有限责任公司", "有限公司", "公司", "集团")
#: Enterprise-name prefixes that make the whole name generic (区级平台公司, 物业公司).
GENERIC_ENTERPRISE_PREFIXES: tuple[str, ...] = (
    "区级", "市级", "省级", "县级", "村级", "国家级", "国有", "平台", "物业", "产投", "城投",
    "劳务", "配送", "建筑劳务", "农产品", "各类", "一批", "两家", "本土", "辖区", "园区",
    "骨干", "龙头", "头部", "优势", "重点", "优质", "配套", "中小", "民营", "国企", "外资",
    "上市", "新增", "规模", "高新", "科技型", "创新型", "示范", "专业", "相关", "关联",
    "上下游", "该", "这", "等", "各", "农村", "城市", "城乡", "乡村", "社区", "村集体", "集体",
    "公共", "公益", "管委会", "政府", "国家", "海绵",
)

# ------------------------------------------------------------- initiative patterns

#: Words that end an initiative name (after a closing quote, or inside the quotes).
INITIATIVE_HEADS: tuple[str, ...] = (
    "专项行动", "攻坚行动", "系列行动", "行动", "系列活动", "主题活动", "实践活动", "活动",
    "改革", "工程", "攻坚年", "建设年", "提升年", "转化年", "培育年", "品牌", "攻势",
    "计划", "保卫战", "攻坚战", "竞赛", "大会战", "会战",
)
#: Heads that only count *after* quotes (“X”品牌), never inside them alone.
INITIATIVE_HEAD_RE = re.compile("|".join(sorted(map(re.escape, INITIATIVE_HEADS), key=len, reverse=True)))
#: Quoted contents that are slogans, targets or numbers, never initiatives.
NON_INITIATIVE_QUOTED_RE = re.compile(
    r"^(?:\d+|[零一二三四五六七八九十]+|双.{1,2}|零.{1,2}|.{1,2}下降|最后一.{1,3}|十[一二三四五]五|"
    r"[一二三四五六七八九十]+五)$"
)
#: Initiatives without quotes: 八大攻坚行动, 三大会战, 招商引资提升年活动.
NUMBERED_INITIATIVE_RE = re.compile(
    rf"[一二三四五六七八九十百千]+大[{CJK}]{{0,6}}?(?:攻坚行动|专项行动|行动|工程|活动)"
)

#: Heads of campaigns the genre writes *without* quotes (扫除积弊专项斗争, 净水人民战争,
#: 清源保卫战, 道路安全专项整治三年行动), with the shortest stem each accepts: a battle or
#: a war is named by two characters (碧空保卫战), a plain 行动 needs a longer description.
CAMPAIGN_HEADS: dict[str, int] = {
    "专项斗争": 2, "人民战争": 2, "保卫战": 2, "攻坚战": 2, "歼灭战": 2, "阻击战": 2,
    "斗争": 4,
    "三年行动": 3, "专项行动": 3, "攻坚行动": 3, "集中整治行动": 3, "专项整治行动": 3,
    "整治行动": 4, "提升行动": 4, "行动": 4,
    "顽瘴痼疾集中整治": 2, "顽瘴痼疾整治": 2, "集中整治": 4, "专项整治": 4,
}
#: Pilot heads: a named reform carried out as a pilot (城乡融合改革试点试验, 融合改革试验区).
PILOT_HEADS: tuple[str, ...] = ("试点试验区", "试点试验", "试验区")
PILOT_STEM_END_RE = re.compile(r"(?:改革|综改|综合改革)$")
#: Verbs that launch or wage a campaign right before its name (开展X行动, 打赢X保卫战).
CAMPAIGN_VERBS: tuple[str, ...] = (
    "开展", "实施", "推进", "深化", "打好", "打赢", "打响", "巩固", "强化", "加强", "启动", "推动",
)
#: Verbs that obtain or build a pilot (获批…试验区, 打造…试验区), besides the above.
PILOT_VERBS: tuple[str, ...] = ("获批", "申报", "争创", "创建", "打造", "建设")
#: Verbs that host an event (举办X博览会, 承办X论坛).
EVENT_VERBS = ("举办好", "承办好", "举办", "承办", "办好", "主办", "举行", "协办")
#: Heads of events the genre treats as brands: expos, fairs, forums, summits (…博会 covers
#: the short forms, 农博会, 航博会).
EVENT_HEADS: tuple[str, ...] = ("博览会", "交易会", "洽谈会", "论坛", "峰会", "博会")
#: Modifiers before a campaign or event name that are not part of it.
NAME_LEAD_RE = re.compile(
    r"(?:常态化|新一轮|新一届|全国首届|全省首届|全市首届|首届|第[\d一二三四五六七八九十]+届|"
    r"[一二三两四五]年|全省唯一|全国唯一|全市唯一|成功|全力|深入|扎实|持续|继续|大力|高水平|"
    r"坚决|着力|积极|全面|提升|再)+"
)
#: Quoted numbered abbreviations with a programme head (“七好”园区, “三美”乡村, “四微”工作).
PROGRAMME_NOUN_HEADS: tuple[str, ...] = ("园区", "乡村", "村庄", "社区", "机关", "校园")
PROGRAMME_WORK_HEADS: tuple[str, ...] = ("工作", "项目", "实事")

# ------------------------------------------------------------ noise and boundaries

#: Whole names that are descriptions, not names.
GENERIC_NAMES = frozenset({
    "骨干企业", "重点项目", "高新技术企业", "龙头企业", "重点企业", "产业项目", "重大项目",
    "在建项目", "续建项目", "新建项目", "招商项目", "签约项目", "基础设施", "配套设施",
    "公共服务设施", "产业园区", "园区", "标厂", "标准厂房", "厂房", "道路", "主干道", "学校",
    "医院", "工程", "项目", "中心", "基地", "民生工程", "实事工程", "中小企业", "规模企业",
    "上市企业", "市场主体", "科技型中小企业", "专精特新企业", "平台公司", "工业园区",
    "公立医院", "服务中心", "检测中心", "研发中心", "科创中心", "交易中心", "展示交易中心", "创新中心",
    "商业综合体", "城市综合体", "综合体", "物流园", "产业园", "科技园", "水利工程", "民生实事",
    "示范基地", "生产基地", "制造基地", "产业基地", "孵化基地", "实训基地", "教育基地",
    "公园", "游园", "小游园", "微公园", "口袋公园", "广场", "市场", "农贸市场", "菜市场",
    "便民服务中心", "政务服务中心", "综治中心", "疾控中心", "社保中心", "企业服务中心",
    "党群服务中心", "新时代文明实践中心", "卫生服务中心", "社区卫生服务中心",
    "文化馆", "图书馆", "体育馆", "博物馆", "幼儿园", "公办幼儿园", "敬老院", "养老院",
    "变电站", "污水处理厂", "水厂", "高速", "高铁", "铁路", "公路", "农村公路", "国省干线",
    "安置房", "保障房", "公租房", "棚户区", "老旧小区", "消防救援站", "垃圾中转站", "中转站",
    "充电桩", "停车场", "公厕", "驿站", "就业驿站", "服务驿站", "工业互联网平台",
    "实验室", "重点实验室", "工程研究中心", "企业技术中心", "工业设计中心", "孵化器",
})
#: Name starts that make a name generic (省级示范基地, 一批学校, 全市…).
GENERIC_PREFIXES: tuple[str, ...] = (
    "省级", "市级", "区级", "县级", "国家级", "国家", "全国", "全省", "全市", "全区", "全县",
    "各级", "各类", "一批", "一流", "多个", "若干", "首批", "新一批", "新型", "现代化", "现代",
    "高标准", "高质量", "标准化", "规范化", "智慧化", "数字化", "我市", "我区", "我县", "本地",
    "辖区", "该", "这", "其", "有关", "相关", "大型", "小型", "中小型", "一般", "其他",
    "省", "市", "区", "县", "镇", "乡", "村", "公办", "民办", "城乡", "农村", "城区", "城市",
    "社区", "街道", "中心城区", "区域性", "综合性", "示范性", "公益性", "生活性", "生产性",
    "世界", "中国", "国际", "公立", "标志性", "上下游", "配套", "各类", "好", "引导",
)
#: Government bodies and institutions: never projects or enterprises.
GOV_BODY_RE = re.compile(
    r"(?:人民政府|政府|人大|政协|党委|党工委|工委|管委会|委员会|常委会|纪委|监委|法院|检察院|"
    r"公安局|局|厅|办公室|办|委|部|署|所|队|站所|协会|商会|联合会|基金会|研究会|学会|"
    r"联盟|指挥部|专班|领导小组|工作组|社|处|科)$"
)
#: Strong left boundaries inside a clause: a name never spans these words.
BOUNDARY_TOKENS = frozenset({
    # single characters only where they are (almost) never part of a name: jieba leaves
    # unknown names as single characters, so 达 (云达), 向 (向阳), 经 (经开区) must not stop one
    "的", "和", "与", "及", "或", "并", "在", "将", "对", "把", "被", "为", "从", "于", "以", "等",
    "了", "着", "是", "让", "使", "给", "其", "这", "该", "此", "各", "每", "而", "也", "还", "又",
    "再", "即",
    "以及", "一批", "一些", "一个", "多个", "按照", "通过", "随着", "对于", "关于", "作为", "成为",
    "其中", "包括", "达到", "超过", "突破", "增长", "同比",
})
#: Governing verbs, adverbs and time words stripped from the left edge of a name.
LEAD_WORDS = frozenset({
    "建设", "推进", "加快", "完成", "启动", "实现", "推动", "建成", "开工", "新开工", "竣工",
    "新竣工", "新建", "扩建", "改建", "改造", "打造", "实施", "开展", "支持", "引进", "引入",
    "新引进", "新引入", "吸引", "签约", "新签约", "全力", "全面", "积极", "大力", "着力", "加速",
    "持续", "稳步", "深入", "扎实", "有序", "力争", "确保", "争创", "争取", "创建", "申报",
    "谋划", "放大", "做强", "做大", "做优", "做实", "做精", "拉通", "打通", "抓好", "新增",
    "成立", "组建", "设立", "助力", "帮助", "协助", "协调", "鼓励", "指导", "率先", "成功", "先后", "相继",
    "陆续", "全年", "今年", "去年", "明年", "年内", "累计", "加紧", "服务好", "融入", "依托",
    "围绕", "抓", "加快推进", "力推", "启动建设", "开工建设", "提质改造", "提质", "升级",
    "改扩建", "提档", "完善", "优化", "发挥", "建好", "办好", "推广", "承办", "举办",
    "全力以赴", "尽快", "即将", "正在", "已", "已经", "将", "要", "还", "再", "也", "都", "共",
    "一是", "二是", "三是", "四是", "五是", "同时", "此外", "另外", "今后", "下一步",
    "加强", "强化", "提升", "促进", "聚焦", "瞄准", "对接",
    "合力", "共同", "着重", "重点抓好", "抓实", "督促", "推进实施", "加快建设", "全力推进",
    "全力推动", "加快推动", "稳步推进", "有序推进", "持续推进", "扎实推进", "大力推进",
    "加速推进", "积极推进", "深入推进", "全面推进", "全面建成", "基本建成", "建成投产",
    "竣工投产", "投产", "落地", "落户", "新落户", "入驻", "新入驻", "招引", "储备", "包装",
    "策划", "盘活", "拓展", "延伸", "首次", "顺利", "如期", "提前", "高标准", "高质量",
    "新开", "实施好", "开展好", "全力打造", "着力打造", "倾力打造",
    "加快打造", "助推", "支撑", "带动", "实现整体搬迁", "整体搬迁",
    "建立", "健全", "筹建", "新开建", "动工", "动工兴建", "兴建", "开建", "引导", "有序引导",
    "共建", "探索", "谋划建设", "规划建设",
})
#: Words stripped from the right edge of a list item (滨河廊道提质 -> 滨河廊道).
TRAIL_WORDS = frozenset({
    "提质", "改造", "提质改造", "改扩建", "扩建", "建设", "项目", "等", "一期项目", "升级",
    "提质升级", "整体搬迁", "搬迁", "开发", "运营", "建成", "开工", "竣工", "投产", "在内",
    "除险加固", "加固", "提质扩容", "扩容提质", "延伸", "续建配套与改造", "修复", "周边",
})


# ------------------------------------------------------------------------ helpers

@dataclass(frozen=True)
class Found:
    """A candidate mention before it becomes a :class:`Mention` (offsets into report.text)."""

    start: int
    end: int
    type: str
    rule: str
    cue: str | None = None


@dataclass(frozen=True)
class FoundLink:
    subject: Found
    predicate: str
    object: Found
    rule: str


@dataclass
class Doc:
    """One report plus the build's tokenizer and lexicon, with caches of its
    segmentation; one per report, shared by the extractors (:meth:`of`)."""

    report: Report
    context: ExtractContext
    _tokens: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict)
    _sentences: dict[int, str] = field(default_factory=dict)
    _clauses: list[tuple[int, int]] | None = None
    _tags: dict[str, str] | None = None
    _starts: list[int] | None = None
    _ends: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    _words: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, report: Report, context: ExtractContext) -> Doc:
        """The report's Doc, made once per report and extraction context."""
        return context.shared(report, "doc", lambda: cls(report, context))

    @property
    def text(self) -> str:
        return self.report.text

    def lexicon_terms(self, type_: str) -> frozenset[str]:
        return frozenset(t for t in self.context.terms_of(type_) if len(t) >= 2)

    # -- segmentation -----------------------------------------------------------

    def clauses(self) -> list[tuple[int, int]]:
        """Clause spans (start, end), each at most MAX_CLAUSE long."""
        if self._clauses is None:
            self._clauses = list(iter_clauses(self.text))
        return self._clauses

    def tokens(self, start: int, end: int) -> list[tuple[int, int]]:
        """jieba tokens (absolute spans) of text[start:end], clipped to the window.

        Each clause is segmented once, in context, and windows are cut from it, so the
        cost stays one jieba pass over the text however many windows are asked for."""
        clauses = self.clauses()
        k = bisect.bisect_right(self._clause_starts(), start) - 1
        if k < 0 or end > clauses[k][1]:
            return self._cut(start, end)
        ctoks = self._cut(*clauses[k])
        i = bisect.bisect_right(self._tok_ends(clauses[k]), start)
        out = []
        while i < len(ctoks) and ctoks[i][0] < end:
            s, e = ctoks[i]
            out.append((max(s, start), min(e, end)))
            i += 1
        return out

    def _cut(self, start: int, end: int) -> list[tuple[int, int]]:
        key = (start, end)
        if key not in self._tokens:
            out, pos = [], start
            for word in fast_cut(self.context.tokenizer, self.text[start:end]):
                out.append((pos, pos + len(word)))
                pos += len(word)
            self._tokens[key] = out
        return self._tokens[key]

    def _clause_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [c[0] for c in self.clauses()]
        return self._starts

    def _tok_ends(self, clause: tuple[int, int]) -> list[int]:
        if clause not in self._ends:
            self._ends[clause] = [e for _, e in self._cut(*clause)]
        return self._ends[clause]

    def words(self, s: str) -> list[str]:
        """jieba words of a name (the same names are asked about again and again)."""
        words = self._words.get(s)
        if words is None:
            words = self._words[s] = fast_cut(self.context.tokenizer, s)
        return words

    @property
    def word_tags(self) -> dict[str, str]:
        """jieba's part-of-speech tag per dictionary word (ns place, nr person, nz other
        proper noun …), from the build's POS tokenizer."""
        if self._tags is None:
            self._tags = self.context.pos_tokenizer.word_tag_tab
        return self._tags

    def is_proper(self, name: str, tags: bool = False) -> bool:
        """True when the name holds material jieba does not know as a common word:
        single unknown characters, rare words or Latin letters (南钢, 远航, 施泰纳); with
        ``tags``, also a word jieba tags as a place or proper noun (浙江, 泰山)."""
        freq = self.context.tokenizer.FREQ
        for w in self.words(name):
            if (tags and _CJK_RE.search(w) and (freq.get(w) or 0) < 5000
                    and self.word_tags.get(w, "") in NAME_TAGS):
                return True
            if not _CJK_RE.search(w):
                if re.search(r"[A-Za-z]", w):
                    return True
                continue
            if len(w) == 1:
                if w not in COMMON_SINGLE_CHARS:
                    return True
                continue
            if (freq.get(w) or 0) < PROPER_FREQ:
                return True
        return False

    # -- mentions ---------------------------------------------------------------

    def sentence(self, offset: int) -> str:
        """The sentence of ``offset``, clipped to a window when the splitter gave a
        huge one (a report on one line), and shared between mentions."""
        sent = self.report.sentence_at(offset)
        if sent.end - sent.start > MAX_SENTENCE:
            lo = max(sent.start, offset - MAX_SENTENCE // 2)
            hi = min(sent.end, lo + MAX_SENTENCE)
            key = lo
            if key not in self._sentences:
                self._sentences[key] = self.text[lo:hi]
            return self._sentences[key]
        if sent.start not in self._sentences:
            self._sentences[sent.start] = self.text[sent.start:sent.end]
        return self._sentences[sent.start]

    def mention(self, f: Found) -> Mention:
        return Mention(
            report=self.report.id, start=f.start, end=f.end, text=self.text[f.start:f.end],
            type=f.type, sentence=self.sentence(f.start), section=self.report.section_at(f.start),
            rule=f.rule, cue=f.cue,
        )

    def link(self, fl: FoundLink) -> MentionLink:
        s, o = self.mention(fl.subject), self.mention(fl.object)
        lo, hi = min(s.start, o.start), max(s.end, o.end)
        ev = Evidence(report=self.report.id, start=lo, end=hi, sentence=s.sentence, rule=fl.rule)
        return MentionLink(subject=s, predicate=fl.predicate, object=o, evidence=ev)


#: jieba tags of proper nouns: places, people, organisations, other proper nouns.
NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j"})

#: Single characters common enough that alone they do not make a name proper.
COMMON_SINGLE_CHARS = frozenset(
    "的了和与及在是有为对把被将从以等个条家所座项批年月日大小新老多各全本该这那其区市县省镇乡村街路"
    "会能要可让向上下中内外前后里间时次第做抓促推保建强优提增降稳好高低长短一二三四五六七八九十两百千万亿"
)
#: Enterprise endings that, on a project-list item, say the item is a company (恒远精密),
#: not a product line (…特种线缆) or a field (…冷链物流).
COMPANY_WORD_SUFFIXES: tuple[str, ...] = (
    "股份有限公司", "有限公司", "公司", "集团", "股份", "控股", "实业", "科技", "电子", "新材",
    "精密", "智能", "机电", "电气", "药业", "制药", "生物", "光电", "重工", "置业", "建工",
    "微电子", "半导体", "新材料",
)
#: Names ending so are fields, programmes or descriptions, never enterprises.
NON_ENTERPRISE_WORD_RE = re.compile(r"学校|小学|中学|大学|学院|幼儿园|教育集团|医疗集团|医院|卫生院|社区|街道|村委")
NON_ENTERPRISE_END_RE = re.compile(
    r"(?:产业|行业|经济|集群|经验|案例|模式|体系|平台|机制|工作|试点|股权|板|市场|领域|项目|工程|"
    r"基金|资金|政策|服务|体制|改革|系统|网络|设施|建设年|品牌)$"
)


_CLAUSE_BREAK_RE = re.compile("[" + re.escape(CLAUSE_BREAKS) + "]")


def iter_clauses(text: str) -> Iterator[tuple[int, int]]:
    """Split text at clause punctuation; cut long clauses into MAX_CLAUSE windows.

    One pass over the text, so linear whatever the input."""
    start = 0
    n = len(text)
    ends = [m.start() for m in _CLAUSE_BREAK_RE.finditer(text)]
    ends.append(n)
    for i in ends:
        s = start
        while i - s > MAX_CLAUSE:
            yield (s, s + MAX_CLAUSE)
            s += MAX_CLAUSE
        if i > s:
            yield (s, i)
        start = i + 1


def find_cue(text: str, lo: int, hi: int, name_start: int, name_end: int) -> str | None:
    """The status verb governing a name in clause text[lo:hi]: the first cue after the
    name (X开工建设), else the last cue before it (新竣工X、Y等)."""
    after = text[name_end:hi]
    m = STATUS_CUE_RE.search(after)
    if m:
        return m.group(0)
    before = text[lo:name_start]
    last = None
    for m in STATUS_CUE_RE.finditer(before):
        last = m.group(0)
    return last


def strip_lead(doc: Doc, start: int, end: int) -> int:
    """Move ``start`` right past governing verbs/adverbs at the left edge of a name."""
    for _ in range(8):
        toks = doc.tokens(start, end)
        if len(toks) < 2:
            return start
        s0, e0 = toks[0]
        word = doc.text[s0:e0]
        if word in LEAD_WORDS or word in BOUNDARY_TOKENS or word.isspace():
            start = e0
            continue
        # jieba may glue a lead verb to the first name character (推进湘 | 江): try prefixes
        for lw in _lead_prefixes(doc.text[start:end]):
            start += len(lw)
            break
        else:
            return start
    return start


def _lead_prefixes(s: str) -> Iterable[str]:
    """A governing verb jieba glued to the first name character (推进浙 | 江…): the
    longest lead word of 2-4 characters opening ``s``, if enough is left for a name."""
    for k in (4, 3, 2):
        if len(s) > k + 2 and s[:k] in LEAD_WORDS:
            yield s[:k]
            return


def strip_trail(doc: Doc, start: int, end: int) -> int:
    """Move ``end`` left past trailing action words of a list item (滨河廊道提质)."""
    for _ in range(4):
        s = doc.text[start:end]
        for w in sorted(TRAIL_WORDS, key=len, reverse=True):
            if s.endswith(w) and len(s) - len(w) >= 2:
                end -= len(w)
                break
        else:
            return end
    return end


_ENUMERATOR_RE = re.compile(r"\d{1,2}[.．、]\s*")


def trim_space(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop white space, list punctuation and a leading enumerator (7.乡村学校)."""
    m = _ENUMERATOR_RE.match(text, start, end)
    if m and m.end() < end and not text[m.end()].isdigit():
        start = m.end()
    while start < end and (text[start].isspace() or text[start] in "、·-—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "、·-—"):
        end -= 1
    return start, end


def balance_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a dangling quote at either end of a name (keep “X”Y, drop “X and X”)."""
    s = text[start:end]
    opens = sum(s.count(q) for q in "“「『")
    closes = sum(s.count(q) for q in "”」』")
    if opens == closes:
        if s and s[0] in OPEN_QUOTES and s[-1] in CLOSE_QUOTES and opens == 1:
            return start + 1, end - 1
        return start, end
    if opens > closes and s and s[0] in OPEN_QUOTES:
        return start + 1, end
    if closes > opens and s and s[-1] in CLOSE_QUOTES:
        return start, end - 1
    return start, end


#: Words that may follow a name without being part of it.
_FOLLOW_OK_RE = re.compile(
    r"(?:等|和|及|与|的|在|将|已|也|还|是|为|被|由|从|向|作为|成为|实现|完成|获|入|荣|"
    r"全面|正式|顺利|如期|加快|加速|稳步|有序|持续|初步|基本|率先|主体|一期|二期|项目|工程|"
    r"建设|改造|提质|扩建|改扩建|搬迁|整体|开发|运营|招商|片区|周边|等项目|配套|征拆|开园|启动)"
)
#: A noun right after a short head: the head was a modifier (清溪港|市政, 星河广场|商业).
_CJK_NOUN_AFTER_RE = re.compile(r"(?:商业|市政|新兴|文化|工业|产业|社区|街道|综合|公共|服务|管理|片区|流域|沿线|周边)")


def inside_quotes(text: str, lo: int, start: int, end: int) -> bool:
    """Does the span lie inside a quoted segment that it does not wholly contain?
    (“断截路、鱼刺路”, “保供应”: quoted slogans, not names.)"""
    opened = 0
    for ch in text[lo:start]:
        if ch in "“「『":
            opened += 1
        elif ch in "”」』":
            opened = max(0, opened - 1)
    if opened == 0:
        return False
    inner = text[start:end]
    return not any(c in inner for c in "”」』")


def has_generic_prefix(name: str) -> bool:
    return name.startswith(GENERIC_PREFIXES)


_PLAIN_RE = re.compile(rf"[\s{QUOTES}]")


def plain(name: str) -> str:
    """The name without quotes or white space, for list and stoplist look-ups."""
    return _PLAIN_RE.sub("", name)


class Spans:
    """Disjoint spans kept sorted, with O(log n) overlap tests: the many-mentions case
    (a dense or adversarial text) must not go quadratic."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for s, e in sorted(spans):  # overlapping inputs are merged into their union
            if self._ends and s < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], e)
            else:
                self._starts.append(s)
                self._ends.append(e)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self._ends, s + 1)  # first span ending after s
        return i < len(self._starts) and self._starts[i] < e

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self._starts, s)
        self._starts.insert(i, s)
        self._ends.insert(i, e)


def drop_nested(found: Iterable[Found]) -> list[Found]:
    """Of overlapping candidates keep the longer (the earlier-listed rule wins ties)."""
    ordered = sorted(enumerate(found), key=lambda kf: (-(kf[1].end - kf[1].start), kf[1].start, kf[0]))
    taken = Spans()
    keep: list[Found] = []
    for _, f in ordered:
        if taken.overlaps(f.start, f.end):
            continue
        taken.add(f.start, f.end)
        keep.append(f)
    return sorted(keep, key=lambda f: (f.start, f.end))


def propagate(doc: Doc, found: list[Found], type_: str, min_len: int,
              cue_of: Callable[[int, int, int, int], str | None],
              word_check: Callable[[int, int, int, int], bool] | None = None) -> list[Found]:
    """Other occurrences in the report of names accepted by a rule (rule
    ``report_bootstrap``), skipping spans already taken. Linear in the text per name."""
    text = doc.text
    names = sorted({text[f.start:f.end] for f in found if len(plain(text[f.start:f.end])) >= min_len},
                   key=lambda n: (-len(n), n))
    taken = Spans((f.start, f.end) for f in found)
    clauses = doc.clauses()
    starts = [c[0] for c in clauses]
    out: list[Found] = []
    for name in names:
        for s in occurrences(text, name):
            e = s + len(name)
            if taken.overlaps(s, e):
                continue
            k = bisect.bisect_right(starts, s) - 1
            lo, hi = clauses[k] if k >= 0 else (0, len(text))
            if word_check is not None and not word_check(lo, hi, s, e):
                continue
            taken.add(s, e)
            out.append(Found(s, e, type_, "report_bootstrap", cue_of(lo, hi, s, e)))
    return out


def dedupe(found: Iterable[Found]) -> list[Found]:
    """One candidate per (span, type): the first rule wins; sorted by position."""
    seen: dict[tuple[int, int, str], Found] = {}
    for f in found:
        key = (f.start, f.end, f.type)
        if key not in seen:
            seen[key] = f
    return sorted(seen.values(), key=lambda f: (f.start, f.end, f.type, f.rule))


def occurrences(text: str, term: str, limit: int = 10000) -> Iterator[int]:
    """Start offsets of ``term`` in ``text`` (str.find, linear), at most ``limit``."""
    i = text.find(term)
    k = 0
    while i >= 0 and k < limit:
        yield i
        k += 1
        i = text.find(term, i + len(term))


# ------------------------------------------------------------------------- lists

#: Right after 等: initiative lists (“A”“B”等形象品牌, “X”等系列活动).
INITIATIVE_CLASS_RE = re.compile(
    r"(?:[\d一二三四五六七八九十]+\s*(?:个|项|大|季))?\s*(?:第[\d一二三四五六七八九十]+季)?\s*"
    r"(?:[^\s，。；、“”]{0,4}?)(?:系列活动|主题活动|活动|专项行动|行动|改革|形象品牌|服务品牌|"
    r"品牌|工程|攻坚行动)"
)
_DENG_AFTER_BAD = "级待同效量候于到价号"  # 等级 等待 等同 等效 …
_DENG_BEFORE_BAD = "平同均对初高中上优相次"  # 平等 同等 均等 …


@dataclass(frozen=True)
class ListItem:
    """One item of an enumeration ``A、B等N个项目`` (offsets into report.text)."""

    start: int
    end: int
    kind: str  # "P" project list, "E" enterprise list, "I" initiative list
    cue: str | None
    list_start: int
    list_end: int  # end of the classifier phrase after 等
    index: int  # position in the list
    cls: str = ""  # the classifier phrase after 等 (项目, 8条道路, 家企业 …)


def list_kind(text: str, pos: int, hi: int) -> tuple[str | None, int]:
    """Which kind of list the words after 等 (at ``pos``) announce, and where they end."""
    if NON_NAME_CLASS_RE.match(text, pos, hi) and not PROJECT_CLASS_RE.match(text, pos, hi):
        m = NON_NAME_CLASS_RE.match(text, pos, hi)
        # "等5个重点文旅项目" is a project list even though 文旅 looks like a field
        return None, m.end()
    m = PROJECT_CLASS_RE.match(text, pos, hi)
    if m:
        return "P", m.end()
    m = ENTERPRISE_CLASS_RE.match(text, pos, hi)
    if m:
        return "E", m.end()
    m = INITIATIVE_CLASS_RE.match(text, pos, hi)
    if m:
        return "I", m.end()
    return None, pos


def split_items(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Split text[lo:hi] at 、 (and 和/及/与 between items), outside quotes."""
    parts: list[tuple[int, int]] = []
    depth = 0
    s = lo
    i = lo
    while i < hi:
        ch = text[i]
        if ch in "“「『":
            depth += 1
        elif ch in "”」』":
            depth = max(0, depth - 1)
        elif depth == 0 and ch == "、":
            parts.append((s, i))
            s = i + 1
        elif depth == 0 and ch in "和及与" and parts and i > s + 1:
            # only between two items already separated by 、 (A、B和C等)
            parts.append((s, i))
            s = i + 1
        i += 1
    parts.append((s, hi))
    return parts


def first_item_start(doc: Doc, start: int, end: int) -> int:
    """Where the first list item begins: after the last governing verb or function word
    in text[start:end] (云岭光伏产业园实现|泰和机电, 新开工|锂电材料…)."""
    toks = doc.tokens(start, end)
    cut = start
    depth = 0
    for s, e in toks[:-1]:
        w = doc.text[s:e]
        depth += sum(w.count(q) for q in "“「『") - sum(w.count(q) for q in "”」』")
        if depth > 0 or any(q in w for q in QUOTES):
            continue  # never cut inside quotes (“幸福青溪”“自在青溪”)
        if (w in LEAD_WORDS and len(w) >= 2) or w in BOUNDARY_TOKENS or STATUS_CUE_RE.fullmatch(w):
            cut = e
    # the last token may be glued to a verb (引进三 | 峰科技): try known lead prefixes
    cut = strip_lead(doc, cut, end)
    return cut


_AREA_PREFIX_RE = re.compile(r"[^、，。]{1,8}?(?:片区|园区|新区|开发区|高新区|经开区)")
_BARE_COUNT_RE = re.compile(r"(?:\d+|[一二三四五六七八九十两]+)\s*(?:个|条|所|座|家)")


def iter_lists(doc: Doc) -> Iterator[ListItem]:
    """Every item of every ``A、B等…`` enumeration whose classifier names projects,
    enterprises or initiatives, and of ``A、B、C3个先导性项目`` (a count instead of 等).
    Bounded: each list looks at most MAX_LIST_SPAN left."""
    text = doc.text
    for lo, hi in doc.clauses():
        pos = text.find("等", lo, hi)
        while pos >= 0:
            ok = (pos + 1 < hi and text[pos + 1] not in _DENG_AFTER_BAD
                  and pos > lo and text[pos - 1] not in _DENG_BEFORE_BAD)
            if ok:
                kind, class_end = list_kind(text, pos + 1, hi)
                if kind:
                    yield from _list_items(doc, lo, hi, pos, kind, class_end)
            pos = text.find("等", pos + 1, hi)
        if "、" not in text[lo:hi]:
            continue
        for m in _BARE_COUNT_RE.finditer(text, lo, hi):
            q = m.start()
            if q <= lo or not _CJK_RE.match(text[q - 1]) or text[q - 1] in "等第近约超达共计余多" \
                    or "、" not in text[max(lo, q - 60):q]:
                continue
            kind, class_end = list_kind(text, q, hi)
            if kind in ("P", "E"):
                # the count plays the part of 等: items end right before it
                yield from _list_items(doc, lo, hi, q - 1, kind, class_end, deng=False)


def _list_items(doc: Doc, lo: int, hi: int, pos: int, kind: str, class_end: int,
                deng: bool = True) -> Iterator[ListItem]:
    """Items of the list whose 等 is at ``pos`` (or, with ``deng=False``, whose last
    item ends at ``pos`` inclusive, right before a count)."""
    text = doc.text
    end = pos if deng else pos + 1
    start = max(lo, pos - MAX_LIST_SPAN)
    # a list does not run over an earlier 等-list in the same clause
    prev = text.rfind("等", start, pos)
    if prev >= 0 and prev + 1 < pos:
        start = prev + 1
    parts = split_items(text, start, end)
    first_s, first_e = parts[0]
    first_e = strip_trail(doc, first_s, first_e) if kind != "I" else first_e
    parts[0] = (first_item_start(doc, first_s, first_e), first_e)
    if kind == "E":
        # 715片区华轨铁路: an area before the first company name is not part of it
        m = _AREA_PREFIX_RE.match(text, parts[0][0], first_e)
        if m and first_e - m.end() >= 2:
            parts[0] = (m.end(), first_e)
    # the status verb after the list governs it (…等N个项目开工); else the verb that
    # opened it (新竣工A、B等项目25个)
    cue = find_cue(text, lo, hi, parts[0][0], class_end)
    for idx, (s, e) in enumerate(parts):
        s, e = trim_space(text, s, e)
        if kind != "I":
            e = strip_trail(doc, s, e)
        if e - s < 2 or e - s > MAX_NAME:
            continue
        yield ListItem(s, e, kind, cue, parts[0][0], class_end, idx, text[end + (1 if deng else 0):class_end])
