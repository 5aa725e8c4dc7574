//! Staff: who they are (a role and a scope), what they may do (`may`), and the rules of their
//! sign-ins (session expiry, lockout after failures, the rate of attempts per client address).
//!
//! Plain functions over plain values: the server looks up what they need (an account's district
//! from its point) and asks here; the console asks the same function to hide what a role cannot
//! do. A new role (the complaints' case handler and supervisor) is a variant of `Role` and a few
//! arms in `may`; a new action is a variant of `Action` and one arm.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::PointId;

/// What a staff account is for. The wire names are stable (stored and sent): never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything: every account, the categories and items (the city's catalogue), every point.
    PlatformAdmin,
    /// The service points of one district (hours, closures, offerings) and the accounts of
    /// the point managers and clerks there.
    DistrictAdmin,
    /// One service point: its hours, breaks, closures, offerings and phone.
    PointManager,
    /// Reads the directory (later: the appointment desk and queue of their point).
    Clerk,
    /// The complaints' front desk (前台): accepts cases, dispatches them to departments,
    /// closes and follows them up. Everywhere.
    FrontDesk,
    /// Handles the cases dispatched to their department (`department:ID`): works on them,
    /// replies to the resident, or hands them back as not theirs.
    DepartmentHandler,
    /// Supervises (督办) overdue cases: reads every case and adds notes. Everywhere.
    Supervisor,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::PlatformAdmin,
        Role::DistrictAdmin,
        Role::PointManager,
        Role::Clerk,
        Role::FrontDesk,
        Role::DepartmentHandler,
        Role::Supervisor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::DistrictAdmin => "district_admin",
            Role::PointManager => "point_manager",
            Role::Clerk => "clerk",
            Role::FrontDesk => "front_desk",
            Role::DepartmentHandler => "department_handler",
            Role::Supervisor => "supervisor",
        }
    }

    /// The role of a stored or typed name (`platform_admin`; `platform-admin` is accepted too).
    pub fn parse(text: &str) -> Option<Role> {
        let text = text.trim().replace('-', "_");
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The kind of scope an account of this role has.
    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::PlatformAdmin | Role::FrontDesk | Role::Supervisor => ScopeKind::All,
            Role::DistrictAdmin => ScopeKind::District,
            Role::PointManager | Role::Clerk => ScopeKind::Point,
            Role::DepartmentHandler => ScopeKind::Department,
        }
    }

    /// Whether this role administers accounts (and reads the audit log).
    pub fn is_admin(self) -> bool {
        matches!(self, Role::PlatformAdmin | Role::DistrictAdmin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    All,
    District,
    Point,
    Department,
}

impl ScopeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::All => "all",
            ScopeKind::District => "district",
            ScopeKind::Point => "point",
            ScopeKind::Department => "department",
        }
    }
}

/// Where an account's powers apply: everywhere, one district (by its name as the directory
/// writes it, e.g. 西青区), one service point, or one department that handles complaints.
/// Written `district:NAME` / `point:ID` / `department:ID`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    All,
    District(String),
    Point(PointId),
    /// A department's id: 1 to 40 of `a-z`, `0-9` and `-`.
    Department(String),
}

/// Whether `id` can be a department's id: 1 to 40 of `a-z`, `0-9` and `-`.
pub fn is_department_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Longest district name in a scope, in characters.
pub const MAX_DISTRICT_CHARS: usize = 100;

/// Why a scope cannot be read, or does not suit a role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeProblem {
    #[error("a scope is district:NAME or point:ID, not {0:?}")]
    Malformed(String),
    #[error("a {role} needs a scope of kind {expected} (district:NAME or point:ID as fits)")]
    WrongKind { role: Role, expected: &'static str },
}

impl Scope {
    /// Reads `district:NAME`, `point:ID` or `all` (also what the store keeps as kind + value).
    pub fn parse(text: &str) -> Result<Scope, ScopeProblem> {
        let malformed = || ScopeProblem::Malformed(text.to_owned());
        let text = text.trim();
        if text == "all" {
            return Ok(Scope::All);
        }
        let (kind, value) = text.split_once(':').ok_or_else(malformed)?;
        Scope::from_parts(kind.trim(), value.trim()).ok_or_else(malformed)
    }

    /// From the stored kind and value.
    pub fn from_parts(kind: &str, value: &str) -> Option<Scope> {
        match kind {
            "all" if value.is_empty() => Some(Scope::All),
            "district"
                if !value.is_empty()
                    && value.chars().count() <= MAX_DISTRICT_CHARS
                    && !value.chars().any(char::is_control) =>
            {
                Some(Scope::District(value.to_owned()))
            }
            "point" => PointId::parse(value).ok().map(Scope::Point),
            "department" if is_department_id(value) => Some(Scope::Department(value.to_owned())),
            _ => None,
        }
    }

    pub fn kind(&self) -> ScopeKind {
        match self {
            Scope::All => ScopeKind::All,
            Scope::District(_) => ScopeKind::District,
            Scope::Point(_) => ScopeKind::Point,
            Scope::Department(_) => ScopeKind::Department,
        }
    }

    /// The stored value: '' for all, the district's name, the point's id.
    pub fn value(&self) -> &str {
        match self {
            Scope::All => "",
            Scope::District(name) | Scope::Department(name) => name,
            Scope::Point(id) => id.as_str(),
        }
    }

    /// Whether something at `place` lies within this scope.
    pub fn covers(&self, place: &Place<'_>) -> bool {
        match self {
            Scope::All => true,
            Scope::District(name) => place.district == Some(name.as_str()),
            Scope::Point(id) => place.point == Some(id.as_str()),
            // A department is no place of the directory.
            Scope::Department(_) => false,
        }
    }

    /// Whether this scope reaches the cases of `department` (`None`: not dispatched yet).
    pub fn covers_department(&self, department: Option<&str>) -> bool {
        match self {
            Scope::All => true,
            Scope::Department(id) => department == Some(id.as_str()),
            Scope::District(_) | Scope::Point(_) => false,
        }
    }

    /// The scope a role must have: the one fitting its kind (`None` for a platform admin means
    /// `All`).
    pub fn for_role(role: Role, scope: Option<Scope>) -> Result<Scope, ScopeProblem> {
        let scope = scope.unwrap_or(Scope::All);
        if scope.kind() == role.scope_kind() {
            Ok(scope)
        } else {
            Err(ScopeProblem::WrongKind {
                role,
                expected: role.scope_kind().as_str(),
            })
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::All => f.write_str("all"),
            Scope::District(name) => write!(f, "district:{name}"),
            Scope::Point(id) => write!(f, "point:{}", id.as_str()),
            Scope::Department(id) => write!(f, "department:{id}"),
        }
    }
}

/// Where a record is: its district and, for a point or what belongs to one, the point. The
/// caller resolves it (a point's district from the directory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place<'a> {
    pub district: Option<&'a str>,
    pub point: Option<&'a str>,
}

impl<'a> Place<'a> {
    /// Where an account belongs, given its scope and, for a point's account, that point's
    /// district (`None` when the point is unknown or retired).
    pub fn of_scope(scope: &'a Scope, point_district: Option<&'a str>) -> Place<'a> {
        match scope {
            Scope::All | Scope::Department(_) => Place::default(),
            Scope::District(name) => Place {
                district: Some(name),
                point: None,
            },
            Scope::Point(id) => Place {
                district: point_district,
                point: Some(id.as_str()),
            },
        }
    }
}

/// Who is asking.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub role: Role,
    pub scope: &'a Scope,
}

/// What they ask to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Their own session: who am I, sign out.
    UseOwnSession,
    /// Read the directory as staff see it.
    ReadDirectory,
    /// Change the city's catalogue: categories and items.
    EditCatalogue,
    /// Change a service point: hours, breaks, closures, offerings, phone.
    EditPoint,
    /// See the list of accounts (each answer holds only those the actor may manage).
    ListAccounts,
    /// Create, disable, enable or reset the password of an account.
    ManageAccount,
    /// Read the audit log (each answer holds only what the actor may see).
    ReadAudit,
    /// Read what residents searched for and did not find (counts per query, nothing personal).
    ReadInsights,
    /// Replace the whole directory from a file (an upload into one's draft).
    ImportDirectory,
    /// Read complaints and suggestions: the inbox (narrowed to what the actor may read) and a
    /// case with its internal notes.
    ReadCases,
    /// The front desk's steps: accept, dispatch, close, follow up.
    FrontDeskCase,
    /// The department's steps on a case dispatched to it: start, reply, hand back.
    WorkCase,
    /// Add an internal note to a case.
    NoteCase,
    /// Mark a booking of a point a no-show (the point's clerks and manager).
    MarkNoShow,
}

impl Action {
    pub const ALL: [Action; 14] = [
        Action::UseOwnSession,
        Action::ReadDirectory,
        Action::EditCatalogue,
        Action::EditPoint,
        Action::ListAccounts,
        Action::ManageAccount,
        Action::ReadAudit,
        Action::ReadInsights,
        Action::ImportDirectory,
        Action::ReadCases,
        Action::FrontDeskCase,
        Action::WorkCase,
        Action::NoteCase,
        Action::MarkNoShow,
    ];
}

/// What the action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Nothing in particular (a list, one's own session, the whole catalogue).
    Nothing,
    /// A service point (or what belongs to one).
    Point(Place<'a>),
    /// A staff account of this role, belonging at this place.
    Account { role: Role, place: Place<'a> },
    /// A complaint or suggestion, with the department it is dispatched to (if any).
    Case { department: Option<&'a str> },
}

/// Whether `actor` may do `action` to `target`. Every action names its roles: a role not
/// named is refused. Scopes narrow what a role may touch; a target that does not fit the action
/// is refused.
pub fn may(actor: &Actor<'_>, action: Action, target: &Target<'_>) -> bool {
    use Role::*;
    match (action, target) {
        (Action::UseOwnSession | Action::ReadDirectory, Target::Nothing) => true,
        (Action::EditCatalogue, Target::Nothing) => actor.role == PlatformAdmin,
        (Action::EditPoint, Target::Point(place)) => match actor.role {
            PlatformAdmin => true,
            DistrictAdmin | PointManager => actor.scope.covers(place),
            Clerk | FrontDesk | DepartmentHandler | Supervisor => false,
        },
        (Action::ListAccounts | Action::ReadAudit | Action::ReadInsights, Target::Nothing) => {
            actor.role.is_admin()
        }
        // A whole directory holds the catalogue and every district's points.
        (Action::ImportDirectory, Target::Nothing) => actor.role == PlatformAdmin,
        (Action::ManageAccount, Target::Account { role, place }) => match actor.role {
            PlatformAdmin => true,
            DistrictAdmin => {
                matches!(role, PointManager | Clerk)
                    && place.point.is_some()
                    && actor.scope.covers(place)
            }
            PointManager | Clerk | FrontDesk | DepartmentHandler | Supervisor => false,
        },
        // The inbox: a department handler's holds their department's cases only.
        (Action::ReadCases, Target::Nothing) => {
            matches!(
                actor.role,
                PlatformAdmin | FrontDesk | Supervisor | DepartmentHandler
            )
        }
        (Action::ReadCases | Action::NoteCase, Target::Case { department }) => match actor.role {
            PlatformAdmin => action == Action::ReadCases,
            FrontDesk | Supervisor => true,
            DepartmentHandler => actor.scope.covers_department(*department),
            DistrictAdmin | PointManager | Clerk => false,
        },
        (Action::FrontDeskCase, Target::Case { .. }) => actor.role == FrontDesk,
        (Action::MarkNoShow, Target::Point(place)) => {
            matches!(actor.role, Clerk | PointManager) && actor.scope.covers(place)
        }
        (Action::WorkCase, Target::Case { department }) => {
            actor.role == DepartmentHandler && actor.scope.covers_department(*department)
        }
        _ => false,
    }
}

/// Whether `actor` may change where a point is and what it is called (its name, address and
/// coordinates), or create or retire a point at `place`: the point's district admin and the
/// platform admin. A point manager keeps to the desk fields (hours, closures, offerings, phone:
/// `draft::only_manager_fields`); a clerk changes nothing.
pub fn may_place_point(actor: &Actor<'_>, place: &Place<'_>) -> bool {
    actor.role != Role::PointManager && may(actor, Action::EditPoint, &Target::Point(*place))
}

/// A session ends after this long without a request.
pub const SESSION_IDLE: TimeDelta = TimeDelta::minutes(30);
/// A session ends this long after sign-in, however busy.
pub const SESSION_MAX: TimeDelta = TimeDelta::hours(12);
/// A session's last activity is written at most this often (not on every request).
pub const SESSION_TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Active,
    /// Unused for longer than `SESSION_IDLE`.
    Idle,
    /// Older than `SESSION_MAX`.
    Expired,
}

/// Where a session stands at `now`. An idle or expired one is over for good.
pub fn session_state(
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> SessionState {
    if now - created_at >= SESSION_MAX {
        SessionState::Expired
    } else if now - last_seen_at >= SESSION_IDLE {
        SessionState::Idle
    } else {
        SessionState::Active
    }
}

/// Whether a request at `now` should write the session's last activity.
pub fn session_needs_touch(last_seen_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last_seen_at >= SESSION_TOUCH_EVERY
}

/// This many failed sign-ins in a row lock the account…
pub const MAX_FAILED_LOGINS: i64 = 5;
/// …for this long.
pub const LOCKOUT: TimeDelta = TimeDelta::minutes(15);

/// Whether an account locked until `locked_until` is still locked at `now`.
pub fn is_locked(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    locked_until.is_some_and(|until| now < until)
}

/// An account's failure count and lock after one more failed sign-in: the fifth failure locks
/// it for `LOCKOUT` and starts the count again (a successful sign-in resets it too).
pub fn after_failed_login(failures: i64, now: DateTime<Utc>) -> (i64, Option<DateTime<Utc>>) {
    let failures = failures.max(0) + 1;
    if failures >= MAX_FAILED_LOGINS {
        (0, Some(now + LOCKOUT))
    } else {
        (failures, None)
    }
}

/// Sign-in attempts one client address may make in `LOGIN_WINDOW`, whatever the accounts.
pub const LOGIN_ATTEMPTS_PER_WINDOW: i64 = 20;
pub const LOGIN_WINDOW: TimeDelta = TimeDelta::minutes(10);

/// Whether one more sign-in attempt is allowed after `recent` attempts within the window.
pub fn login_attempt_allowed(recent: i64) -> bool {
    recent < LOGIN_ATTEMPTS_PER_WINDOW
}

/// A user name: 3 to 32 of `a-z`, `0-9`, `.`, `_` and `-`, starting with a letter or digit;
/// typed in any case, kept in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a user name is 3 to 32 of a-z, 0-9, '.', '_' and '-', starting with a letter or digit")]
pub struct InvalidUsername;

impl Username {
    pub fn parse(text: &str) -> Result<Username, InvalidUsername> {
        let name = text.trim().to_ascii_lowercase();
        let ok = (3..=32).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if ok {
            Ok(Username(name))
        } else {
            Err(InvalidUsername)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = InvalidUsername;
    fn try_from(text: String) -> Result<Username, InvalidUsername> {
        Username::parse(&text)
    }
}

impl From<Username> for String {
    fn from(name: Username) -> String {
        name.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Shortest new password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password read, in bytes (hashing a megabyte is a denial of service).
pub const MAX_PASSWORD_BYTES: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("a password needs at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("a password may have at most {MAX_PASSWORD_BYTES} bytes")]
    TooLong,
    #[error("a password of one character repeated is no password")]
    OneCharacter,
}

/// Whether `password` may be set as a new password.
pub fn check_new_password(password: &str) -> Result<(), PasswordProblem> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(PasswordProblem::TooLong);
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    let mut chars = password.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Err(PasswordProblem::OneCharacter);
    }
    Ok(())
}

/// Letters and digits that cannot be mistaken for each other when read aloud or copied from a
/// screen (no 0/O, 1/l/I).
const PASSWORD_ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A generated password from random bytes (the caller brings them from the OS): one character
/// per byte, 16 bytes give about 93 bits.
pub fn password_from_random(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| PASSWORD_ALPHABET[b as usize % PASSWORD_ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + TimeDelta::minutes(minutes)
    }

    fn point(id: &str) -> Scope {
        Scope::Point(PointId::parse(id).unwrap())
    }

    fn district(name: &str) -> Scope {
        Scope::District(name.to_owned())
    }

    #[test]
    fn only_the_points_clerks_and_manager_mark_its_no_shows() {
        let here = point("xiyingmen-center");
        let there = point("liqizhuang-center");
        let place = Place {
            district: Some("西青区"),
            point: Some("xiyingmen-center"),
        };
        let target = Target::Point(place);
        let may_mark =
            |role, scope: &Scope| may(&Actor { role, scope }, Action::MarkNoShow, &target);
        assert!(may_mark(Role::Clerk, &here));
        assert!(may_mark(Role::PointManager, &here));
        assert!(!may_mark(Role::Clerk, &there));
        assert!(!may_mark(Role::DistrictAdmin, &district("西青区")));
        assert!(!may_mark(Role::PlatformAdmin, &Scope::All));
        assert!(!may_mark(Role::FrontDesk, &Scope::All));
        assert!(!may(
            &Actor {
                role: Role::Clerk,
                scope: &here
            },
            Action::MarkNoShow,
            &Target::Nothing
        ));
    }

    #[test]
    fn only_admins_move_rename_create_or_retire_a_point() {
        let here = Place {
            district: Some("西青区"),
            point: Some("xq-1"),
        };
        let there = Place {
            district: Some("和平区"),
            point: Some("hp-1"),
        };
        let all = Scope::All;
        let xq = district("西青区");
        let own = point("xq-1");
        let actor = |role, scope| Actor { role, scope };
        assert!(may_place_point(&actor(Role::PlatformAdmin, &all), &there));
        assert!(may_place_point(&actor(Role::DistrictAdmin, &xq), &here));
        assert!(!may_place_point(&actor(Role::DistrictAdmin, &xq), &there));
        assert!(!may_place_point(&actor(Role::PointManager, &own), &here));
        assert!(may(
            &actor(Role::PointManager, &own),
            Action::EditPoint,
            &Target::Point(here)
        ));
        assert!(!may_place_point(&actor(Role::Clerk, &own), &here));
    }

    #[test]
    fn roles_and_scopes_read_and_write_their_stable_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(
                serde_json::to_string(&role).unwrap(),
                format!("\"{}\"", role.as_str())
            );
        }
        assert_eq!(Role::parse("district-admin"), Some(Role::DistrictAdmin));
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Scope::parse("district:西青区"), Ok(district("西青区")));
        assert_eq!(Scope::parse("point:xiyingmen"), Ok(point("xiyingmen")));
        assert_eq!(Scope::parse("all"), Ok(Scope::All));
        for wrong in ["", "district:", "point:Not Id", "city:tianjin", "西青区"] {
            assert!(Scope::parse(wrong).is_err(), "{wrong}");
        }
        let scope = district("西青区");
        assert_eq!(
            Scope::from_parts(scope.kind().as_str(), scope.value()),
            Some(scope.clone())
        );
        assert_eq!(scope.to_string(), "district:西青区");
    }

    #[test]
    fn each_role_takes_its_kind_of_scope() {
        assert_eq!(Scope::for_role(Role::PlatformAdmin, None), Ok(Scope::All));
        assert!(Scope::for_role(Role::PlatformAdmin, Some(district("a"))).is_err());
        assert!(Scope::for_role(Role::DistrictAdmin, None).is_err());
        assert!(Scope::for_role(Role::DistrictAdmin, Some(district("a"))).is_ok());
        assert!(Scope::for_role(Role::DistrictAdmin, Some(point("p"))).is_err());
        for role in [Role::PointManager, Role::Clerk] {
            assert!(Scope::for_role(role, Some(point("p"))).is_ok());
            assert!(Scope::for_role(role, Some(district("a"))).is_err());
        }
    }

    #[test]
    fn directory_edits_follow_role_and_scope() {
        let here = Place {
            district: Some("西青区"),
            point: Some("p1"),
        };
        let next_door = Place {
            district: Some("西青区"),
            point: Some("p2"),
        };
        let elsewhere = Place {
            district: Some("和平区"),
            point: Some("p3"),
        };
        let all = Scope::All;
        let xiqing = district("西青区");
        let p1 = point("p1");
        let platform = Actor {
            role: Role::PlatformAdmin,
            scope: &all,
        };
        let district_admin = Actor {
            role: Role::DistrictAdmin,
            scope: &xiqing,
        };
        let manager = Actor {
            role: Role::PointManager,
            scope: &p1,
        };
        let clerk = Actor {
            role: Role::Clerk,
            scope: &p1,
        };
        let edit = |actor: &Actor, place| may(actor, Action::EditPoint, &Target::Point(place));
        assert!(edit(&platform, elsewhere));
        assert!(edit(&district_admin, here) && edit(&district_admin, next_door));
        assert!(!edit(&district_admin, elsewhere));
        assert!(edit(&manager, here));
        assert!(!edit(&manager, next_door));
        assert!(!edit(&clerk, here));
        for actor in [&platform, &district_admin, &manager, &clerk] {
            assert!(may(actor, Action::ReadDirectory, &Target::Nothing));
            assert!(may(actor, Action::UseOwnSession, &Target::Nothing));
            assert_eq!(
                may(actor, Action::EditCatalogue, &Target::Nothing),
                actor.role == Role::PlatformAdmin
            );
            assert_eq!(
                may(actor, Action::ReadAudit, &Target::Nothing),
                actor.role.is_admin()
            );
            assert_eq!(
                may(actor, Action::ReadInsights, &Target::Nothing),
                actor.role.is_admin()
            );
            assert_eq!(
                may(actor, Action::ImportDirectory, &Target::Nothing),
                actor.role == Role::PlatformAdmin
            );
            // A target that does not fit the action is refused, whoever asks.
            assert!(!may(actor, Action::EditPoint, &Target::Nothing));
        }
    }

    #[test]
    fn district_admins_manage_the_point_staff_of_their_district_only() {
        let xiqing = district("西青区");
        let admin = Actor {
            role: Role::DistrictAdmin,
            scope: &xiqing,
        };
        let p1 = point("p1");
        let in_district = Place::of_scope(&p1, Some("西青区"));
        let out_of_district = Place::of_scope(&p1, Some("和平区"));
        let unknown_point = Place::of_scope(&p1, None);
        let manage = |role, place| {
            may(
                &admin,
                Action::ManageAccount,
                &Target::Account { role, place },
            )
        };
        assert!(manage(Role::PointManager, in_district));
        assert!(manage(Role::Clerk, in_district));
        assert!(!manage(Role::Clerk, out_of_district));
        assert!(!manage(Role::Clerk, unknown_point));
        // Not another district admin of the same district, nor a platform admin.
        assert!(!manage(Role::DistrictAdmin, Place::of_scope(&xiqing, None)));
        assert!(!manage(Role::PlatformAdmin, Place::default()));

        let all = Scope::All;
        let platform = Actor {
            role: Role::PlatformAdmin,
            scope: &all,
        };
        for role in Role::ALL {
            let target = Target::Account {
                role,
                place: out_of_district,
            };
            assert!(may(&platform, Action::ManageAccount, &target));
            for lesser in [Role::PointManager, Role::Clerk] {
                let actor = Actor {
                    role: lesser,
                    scope: &p1,
                };
                assert!(!may(&actor, Action::ManageAccount, &target));
            }
        }
    }

    #[test]
    fn case_roles_act_on_cases_as_their_step_and_department_allow() {
        let all = Scope::All;
        let property = Scope::parse("department:property").unwrap();
        assert_eq!(property, Scope::Department("property".into()));
        assert_eq!(property.to_string(), "department:property");
        assert!(Scope::parse("department:Not Id").is_err());
        assert!(Scope::for_role(Role::DepartmentHandler, Some(property.clone())).is_ok());
        assert!(Scope::for_role(Role::DepartmentHandler, None).is_err());
        assert_eq!(Scope::for_role(Role::FrontDesk, None), Ok(Scope::All));
        let xiqing = district("西青区");
        let p1 = point("p1");
        let actor = |role, scope| Actor { role, scope };
        let desk = actor(Role::FrontDesk, &all);
        let handler = actor(Role::DepartmentHandler, &property);
        let supervisor = actor(Role::Supervisor, &all);
        let platform = actor(Role::PlatformAdmin, &all);
        let others = [
            actor(Role::DistrictAdmin, &xiqing),
            actor(Role::PointManager, &p1),
            actor(Role::Clerk, &p1),
        ];
        let ours = Target::Case {
            department: Some("property"),
        };
        let theirs = Target::Case {
            department: Some("sanitation"),
        };
        let undispatched = Target::Case { department: None };
        for target in [&ours, &theirs, &undispatched] {
            assert!(may(&desk, Action::FrontDeskCase, target));
            assert!(may(&desk, Action::NoteCase, target));
            assert!(may(&supervisor, Action::ReadCases, target));
            assert!(may(&supervisor, Action::NoteCase, target));
            assert!(!may(&supervisor, Action::FrontDeskCase, target));
            assert!(!may(&supervisor, Action::WorkCase, target));
            assert!(!may(&desk, Action::WorkCase, target));
            assert!(!may(&handler, Action::FrontDeskCase, target));
            assert!(may(&platform, Action::ReadCases, target));
            assert!(!may(&platform, Action::NoteCase, target));
            for other in &others {
                for action in [
                    Action::ReadCases,
                    Action::NoteCase,
                    Action::FrontDeskCase,
                    Action::WorkCase,
                ] {
                    assert!(!may(other, action, target), "{:?} {action:?}", other.role);
                }
            }
        }
        for action in [Action::ReadCases, Action::NoteCase, Action::WorkCase] {
            assert!(may(&handler, action, &ours), "{action:?}");
            assert!(!may(&handler, action, &theirs), "{action:?}");
            assert!(!may(&handler, action, &undispatched), "{action:?}");
        }
        for reader in [&desk, &handler, &supervisor, &platform] {
            assert!(may(reader, Action::ReadCases, &Target::Nothing));
        }
        for other in &others {
            assert!(!may(other, Action::ReadCases, &Target::Nothing));
        }
        // A case's department is no place of the directory.
        assert!(!property.covers(&Place {
            district: Some("西青区"),
            point: Some("p1"),
        }));
    }

    #[test]
    fn sessions_end_after_30_idle_minutes_or_12_hours() {
        let start = at(0);
        assert_eq!(session_state(start, start, at(29)), SessionState::Active);
        assert_eq!(session_state(start, start, at(30)), SessionState::Idle);
        // Busy all day: still ends at 12 h.
        let busy = at(12 * 60 - 1);
        assert_eq!(
            session_state(start, busy, at(12 * 60 - 1)),
            SessionState::Active
        );
        assert_eq!(
            session_state(start, busy, at(12 * 60)),
            SessionState::Expired
        );
        assert!(!session_needs_touch(start, at(0)));
        assert!(session_needs_touch(start, at(1)));
    }

    #[test]
    fn five_failures_lock_for_15_minutes() {
        let mut failures = 0;
        for _ in 0..4 {
            let (next, locked) = after_failed_login(failures, at(0));
            assert_eq!(locked, None);
            failures = next;
        }
        assert_eq!(failures, 4);
        let (failures, locked) = after_failed_login(failures, at(0));
        assert_eq!((failures, locked), (0, Some(at(15))));
        assert!(is_locked(locked, at(14)));
        assert!(!is_locked(locked, at(15)));
        assert!(!is_locked(None, at(0)));
    }

    #[test]
    fn a_client_gets_20_attempts_per_window() {
        assert!(login_attempt_allowed(0));
        assert!(login_attempt_allowed(LOGIN_ATTEMPTS_PER_WINDOW - 1));
        assert!(!login_attempt_allowed(LOGIN_ATTEMPTS_PER_WINDOW));
    }

    #[test]
    fn user_names_are_short_plain_and_lower_case() {
        assert_eq!(Username::parse(" Admin.Li ").unwrap().as_str(), "admin.li");
        for wrong in ["ab", "-admin", "admin li", "管理员", &"a".repeat(33)] {
            assert!(Username::parse(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn new_passwords_are_long_enough_and_generated_ones_pass() {
        assert_eq!(check_new_password("short"), Err(PasswordProblem::TooShort));
        assert_eq!(
            check_new_password("aaaaaaaaaaaaaaaa"),
            Err(PasswordProblem::OneCharacter)
        );
        assert_eq!(
            check_new_password(&"ab".repeat(200)),
            Err(PasswordProblem::TooLong)
        );
        assert!(check_new_password("邻里服务密码很长很长的一句话").is_ok());
        let generated =
            password_from_random(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 255, 77]);
        assert_eq!(generated.len(), 16);
        assert!(check_new_password(&generated).is_ok());
        assert!(generated.bytes().all(|b| PASSWORD_ALPHABET.contains(&b)));
    }
}
