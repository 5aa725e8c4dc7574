//! The console's message catalogue: every word staff read, in Chinese and English. Views name
//! a [`Msg`]; a missing translation does not compile. The API's refusals are put into words by
//! their stable code with the shared table (`ErrorCode::message`), in the staff's language.

use leptos::prelude::*;
use linli_shared::api::staff::RecordChange;
use linli_shared::directory::MaterialForm;
use linli_shared::domain::draft::DraftKind;
use linli_shared::domain::hours::Weekday;
use linli_shared::domain::staff::Role;
pub use linli_shared::error::Lang;

use crate::forms::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Brand,
    OtherLanguage,
    SkipToContent,
    Loading,
    Retry,
    SignIn,
    SignInTitle,
    SignInHint,
    Username,
    Password,
    SignOut,
    SignedInAs,
    NavMain,
    Directory,
    Draft,
    Publish,
    Accounts,
    Audit,
    NotFound,
    NotFoundHint,
    // Directory.
    SearchDirectory,
    SearchHint,
    Show,
    ItemsAndPoints,
    OnlyItems,
    OnlyPoints,
    Category,
    AnyCategory,
    Items,
    Points,
    Name,
    Id,
    District,
    Address,
    Edit,
    View,
    NoResults,
    ChooseOrSearch,
    YourPoint,
    // Item form.
    EditItem,
    EditPoint,
    NameEn,
    Colloquial,
    OnePerLine,
    Aliases,
    ColloquialEn,
    Description,
    Eligibility,
    TimeLimitDays,
    FeeFen,
    Department,
    Materials,
    Material,
    MaterialName,
    MaterialForm,
    Copies,
    Notes,
    AddMaterial,
    MoveUp,
    MoveDown,
    Remove,
    SaveToDraft,
    Saved,
    SeeDraft,
    InDraft,
    FromPublished,
    FixProblems,
    StaleCopy,
    LoadCurrent,
    ReadOnly,
    NotYours,
    // Point form.
    Phone,
    Hours,
    HoursRule,
    Days,
    Opens,
    Closes,
    Breaks,
    BreaksHint,
    AddHours,
    Closures,
    Closure,
    From,
    To,
    Reason,
    AddClosure,
    OfferedItems,
    OfferedItemsHint,
    // Draft and publish.
    DraftTitle,
    DraftEmpty,
    Field,
    Before,
    After,
    WholeRecord,
    Discard,
    StaleWarning,
    PublishTitle,
    PublishHint,
    PublishNow,
    Published,
    PublishProblems,
    RecordsInDraft,
    // Accounts.
    AccountsTitle,
    Role,
    Scope,
    Status,
    Created,
    Active,
    Disabled,
    Disable,
    AddAccount,
    ScopeHint,
    PasswordOptional,
    Create,
    AccountCreated,
    GeneratedPassword,
    // Audit.
    AuditTitle,
    AuditFilters,
    AccountId,
    RecordKind,
    RecordId,
    AnyKind,
    ApplyFilters,
    When,
    Who,
    Action,
    Record,
    Changes,
    Older,
    NoEntries,
    // Errors the server did not word.
    NetworkError,
    BadAnswer,
    Forbidden,
}

pub fn t(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    let (zh, en) = match msg {
        Brand => ("邻里 · 工作台", "Linli · Staff console"),
        OtherLanguage => ("English", "中文"),
        SkipToContent => ("跳到正文", "Skip to content"),
        Loading => ("正在加载…", "Loading…"),
        Retry => ("重试", "Retry"),
        SignIn => ("登录", "Sign in"),
        SignInTitle => ("工作人员登录", "Staff sign-in"),
        SignInHint => (
            "请使用管理员为您创建的账号登录。连续输错五次密码，账号将被锁定 15 分钟。",
            "Sign in with the account an administrator made for you. Five wrong passwords in a row lock the account for 15 minutes.",
        ),
        Username => ("用户名", "User name"),
        Password => ("密码", "Password"),
        SignOut => ("退出登录", "Sign out"),
        SignedInAs => ("当前登录", "Signed in as"),
        NavMain => ("工作台导航", "Console"),
        Directory => ("服务目录", "Directory"),
        Draft => ("草稿与差异", "Draft and diff"),
        Publish => ("发布", "Publish"),
        Accounts => ("账号", "Accounts"),
        Audit => ("审计日志", "Audit log"),
        NotFound => ("没有这个页面", "No such page"),
        NotFoundHint => ("请从上方导航进入。", "Please use the navigation above."),
        SearchDirectory => ("搜索事项和服务点", "Search items and points"),
        SearchHint => (
            "输入名称、拼音或地址后按回车；也可以只选分类。",
            "Type a name, pinyin or address and press Enter, or just choose a category.",
        ),
        Show => ("显示", "Show"),
        ItemsAndPoints => ("事项和服务点", "Items and points"),
        OnlyItems => ("只看事项", "Items only"),
        OnlyPoints => ("只看服务点", "Points only"),
        Category => ("分类", "Category"),
        AnyCategory => ("全部分类", "Any category"),
        Items => ("服务事项", "Service items"),
        Points => ("服务点", "Service points"),
        Name => ("名称", "Name"),
        Id => ("编号", "Id"),
        District => ("区县", "District"),
        Address => ("地址", "Address"),
        Edit => ("编辑", "Edit"),
        View => ("查看", "View"),
        NoResults => ("没有找到。", "Nothing found."),
        ChooseOrSearch => (
            "请搜索，或选择一个分类列出其事项。",
            "Search, or choose a category to list its items.",
        ),
        YourPoint => ("您的服务点", "Your service point"),
        EditItem => ("编辑服务事项", "Edit service item"),
        EditPoint => ("编辑服务点", "Edit service point"),
        NameEn => ("英文名称", "Name in English"),
        Colloquial => ("俗称", "Colloquial names"),
        OnePerLine => ("每行一个", "one per line"),
        Aliases => ("别名", "Aliases"),
        ColloquialEn => ("英文俗称（英语居民的日常说法）", "Everyday English names"),
        Description => ("说明", "Description"),
        Eligibility => ("申请条件", "Who may apply"),
        TimeLimitDays => (
            "办结时限（工作日，0 为即办）",
            "Time limit (working days, 0: on the spot)",
        ),
        FeeFen => ("收费（分，0 为免费）", "Fee (fen, 0: free)"),
        Department => ("承办部门", "Department"),
        Materials => ("申请材料（按顺序）", "Materials (in order)"),
        Material => ("材料", "Material"),
        MaterialName => ("材料名称", "Material name"),
        MaterialForm => ("形式", "Form"),
        Copies => ("份数", "Copies"),
        Notes => ("备注", "Notes"),
        AddMaterial => ("添加材料", "Add a material"),
        MoveUp => ("上移", "Move up"),
        MoveDown => ("下移", "Move down"),
        Remove => ("删除", "Remove"),
        SaveToDraft => ("保存到草稿", "Save to draft"),
        Saved => (
            "已保存到草稿。居民看到的内容在发布之前不会改变。",
            "Saved to your draft. Residents see no change until it is published.",
        ),
        SeeDraft => ("查看草稿与差异", "See the draft and its diff"),
        InDraft => (
            "正在编辑您草稿中的版本。",
            "You are editing the copy in your draft.",
        ),
        FromPublished => (
            "正在编辑居民当前看到的版本。",
            "You are editing what residents see now.",
        ),
        FixProblems => (
            "请先改正标出的问题。",
            "Please fix the problems marked first.",
        ),
        StaleCopy => (
            "这条记录在您编辑期间已被别人修改。下面是当前的内容；重新载入后再改。",
            "Someone changed this record while you were editing. Its current values are below; load them and edit again.",
        ),
        LoadCurrent => ("载入当前内容", "Load the current values"),
        ReadOnly => (
            "您的角色只能查看，不能修改。",
            "Your role may read this, not change it.",
        ),
        NotYours => (
            "这个服务点不在您的管辖范围内，您不能编辑它。",
            "This service point is outside your scope: you cannot edit it.",
        ),
        Phone => ("电话", "Phone"),
        Hours => ("办公时间", "Opening hours"),
        HoursRule => ("时段", "Hours"),
        Days => ("星期", "Days"),
        Opens => ("开门", "Opens"),
        Closes => ("关门", "Closes"),
        Breaks => ("休息", "Breaks"),
        BreaksHint => (
            "如 12:00-13:30，多个用逗号隔开",
            "e.g. 12:00-13:30, several separated by commas",
        ),
        AddHours => ("添加时段", "Add hours"),
        Closures => ("停止办公日期", "Closures"),
        Closure => ("停办", "Closure"),
        From => ("从", "From"),
        To => ("到", "To"),
        Reason => ("原因", "Reason"),
        AddClosure => ("添加停办日期", "Add a closure"),
        OfferedItems => ("可办理的事项编号", "Items offered (ids)"),
        OfferedItemsHint => ("每行一个事项编号", "One item id per line"),
        DraftTitle => ("草稿与差异", "Draft and diff"),
        DraftEmpty => (
            "您的草稿是空的。到服务目录里编辑一条记录吧。",
            "Your draft is empty. Edit a record from the directory.",
        ),
        Field => ("字段", "Field"),
        Before => ("居民现在看到的", "What residents see"),
        After => ("草稿", "Draft"),
        WholeRecord => ("整条记录", "The whole record"),
        Discard => ("从草稿中撤下", "Take out of the draft"),
        StaleWarning => (
            "这条记录在您复制之后已被修改，发布会被拒绝。请撤下后重新编辑。",
            "This record changed since you copied it: publishing will be refused. Take it out and edit again.",
        ),
        PublishTitle => ("发布草稿", "Publish the draft"),
        PublishHint => (
            "发布前会按导入规则检查整个目录；有问题会全部列出，什么都不会改变。",
            "Publishing checks the whole directory with the import's rules; every problem is listed and nothing changes.",
        ),
        PublishNow => ("发布", "Publish"),
        Published => ("已发布。目录版本：", "Published. Directory version: "),
        PublishProblems => (
            "没有发布，因为有以下问题：",
            "Not published, because of these problems:",
        ),
        RecordsInDraft => ("草稿中的记录：", "Records in the draft: "),
        AccountsTitle => ("工作人员账号", "Staff accounts"),
        Role => ("角色", "Role"),
        Scope => ("范围", "Scope"),
        Status => ("状态", "Status"),
        Created => ("创建时间", "Created"),
        Active => ("启用", "Active"),
        Disabled => ("已停用", "Disabled"),
        Disable => ("停用", "Disable"),
        AddAccount => ("新建账号", "Add an account"),
        ScopeHint => (
            "区县管理员填 district:区名，服务点账号填 point:服务点编号，平台管理员留空",
            "district:NAME for a district admin, point:ID for a point's account, empty for a platform admin",
        ),
        PasswordOptional => (
            "密码（留空则自动生成）",
            "Password (empty: one is generated)",
        ),
        Create => ("创建", "Create"),
        AccountCreated => ("账号已创建：", "Account created: "),
        GeneratedPassword => (
            "生成的密码（只显示这一次，请转交本人）：",
            "The generated password (shown this once; hand it over in person): ",
        ),
        AuditTitle => ("审计日志", "Audit log"),
        AuditFilters => ("筛选", "Filters"),
        AccountId => ("账号编号", "Account id"),
        RecordKind => ("记录类型", "Record kind"),
        RecordId => ("记录编号", "Record id"),
        AnyKind => ("全部类型", "Any kind"),
        ApplyFilters => ("筛选", "Filter"),
        When => ("时间", "When"),
        Who => ("操作人", "Who"),
        Action => ("操作", "Action"),
        Record => ("记录", "Record"),
        Changes => ("前后内容", "Before and after"),
        Older => ("更早的记录", "Older entries"),
        NoEntries => ("没有符合条件的记录。", "No entries match."),
        NetworkError => (
            "连不上服务器，请检查网络后重试。",
            "The server cannot be reached. Check the network and try again.",
        ),
        BadAnswer => (
            "服务器的回答无法读取。",
            "The server's answer could not be read.",
        ),
        Forbidden => ("您没有权限这样做。", "You are not allowed to do that."),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The display language (reactive), from the context `App` provides.
pub fn lang() -> Lang {
    use_context::<RwSignal<Lang>>()
        .map(|l| l.get())
        .unwrap_or_default()
}

/// A message in the display language, following it.
pub fn tr(msg: Msg) -> impl Fn() -> &'static str + Copy {
    move || t(lang(), msg)
}

pub fn role_name(lang: Lang, role: Role) -> &'static str {
    let (zh, en) = match role {
        Role::PlatformAdmin => ("平台管理员", "Platform admin"),
        Role::DistrictAdmin => ("区县管理员", "District admin"),
        Role::PointManager => ("服务点负责人", "Point manager"),
        Role::Clerk => ("窗口工作人员", "Clerk"),
    };
    if lang == Lang::Zh { zh } else { en }
}

pub fn form_name(lang: Lang, form: MaterialForm) -> &'static str {
    let (zh, en) = match form {
        MaterialForm::Original => ("原件", "Original"),
        MaterialForm::Copy => ("复印件", "Copy"),
        MaterialForm::OriginalAndCopy => ("原件及复印件", "Original and copy"),
        MaterialForm::Form => ("申请表", "Form"),
        MaterialForm::Electronic => ("电子证照", "Electronic"),
    };
    if lang == Lang::Zh { zh } else { en }
}

pub fn weekday_name(lang: Lang, day: Weekday) -> &'static str {
    let (zh, en) = match day {
        Weekday::Mon => ("周一", "Mon"),
        Weekday::Tue => ("周二", "Tue"),
        Weekday::Wed => ("周三", "Wed"),
        Weekday::Thu => ("周四", "Thu"),
        Weekday::Fri => ("周五", "Fri"),
        Weekday::Sat => ("周六", "Sat"),
        Weekday::Sun => ("周日", "Sun"),
    };
    if lang == Lang::Zh { zh } else { en }
}

pub fn kind_name(lang: Lang, kind: DraftKind) -> &'static str {
    let (zh, en) = match kind {
        DraftKind::Category => ("分类", "Category"),
        DraftKind::Item => ("服务事项", "Service item"),
        DraftKind::Point => ("服务点", "Service point"),
    };
    if lang == Lang::Zh { zh } else { en }
}

pub fn change_name(lang: Lang, change: RecordChange) -> &'static str {
    let (zh, en) = match change {
        RecordChange::Added => ("新增", "Added"),
        RecordChange::Changed => ("修改", "Changed"),
        RecordChange::Retired => ("撤销", "Retired"),
        RecordChange::Unchanged => ("未改变", "Unchanged"),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// What an inline check found, in words.
pub fn problem_text(lang: Lang, problem: Problem) -> &'static str {
    let (zh, en) = match problem {
        Problem::Required => ("必须填写。", "Required."),
        Problem::NotANumber => (
            "请填写一个不小于 0 的整数。",
            "Enter a whole number, 0 or more.",
        ),
        Problem::CopiesZero => ("至少 1 份。", "At least 1."),
        Problem::NoMaterials => ("至少要有一项材料。", "At least one material is needed."),
        Problem::BadTime => (
            "时间格式为 HH:MM，如 08:30。",
            "A time is HH:MM, e.g. 08:30.",
        ),
        Problem::ClosesBeforeOpens => (
            "关门时间要晚于开门时间。",
            "Closing must come after opening.",
        ),
        Problem::BadBreak => (
            "休息格式为 HH:MM-HH:MM，且在办公时间之内。",
            "A break is HH:MM-HH:MM, inside the opening hours.",
        ),
        Problem::NoDays => ("至少选一天。", "Choose at least one day."),
        Problem::BadDate => ("日期格式为 YYYY-MM-DD。", "A date is YYYY-MM-DD."),
        Problem::EndBeforeStart => (
            "结束日期不能早于开始日期。",
            "The end cannot come before the start.",
        ),
        Problem::BadItemId => (
            "事项编号只能包含小写字母、数字和连字符。",
            "An item id has lower-case letters, digits and hyphens only.",
        ),
    };
    if lang == Lang::Zh { zh } else { en }
}
