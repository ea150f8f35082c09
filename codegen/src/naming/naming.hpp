#pragma once

// Name conversions from AWS model spellings to C++ identifiers. Pure functions with no state, so
// the generator's output depends only on the model.

#include <string>
#include <string_view>

namespace hawk::codegen::naming {

/// PascalCase / camelCase model names -> snake_case, e.g. `InstanceARN` -> `instance_arn`.
///
/// Word boundaries follow smithy-rs (`toSnakeCase` in codegen-core `util/Strings.kt`), so names
/// read like the Rust SDK's:
/// - lower or digit followed by upper starts a word: `ContentType` -> `content_type`,
///   `E164PhoneNumber` -> `e164_phone_number`, `S3Uri` -> `s3_uri`, `LexV2Bot` -> `lex_v2_bot`;
/// - an acronym ends before its last capital when that capital starts a lowercase word:
///   `SSMLMessage` -> `ssml_message`, `SIPAddress` -> `sip_address`;
/// - a plural acronym stays whole: `ACLs` -> `acls`, `ContactFlowARNs` -> `contact_flow_arns`;
/// - an acronym followed by `v<digit>` stays whole: `DynamoDBv2` -> `dynamo_dbv2`;
/// - `IPv4`, `IPv6`, `SigV4`, `MiB`, `GiB`, `KiB`, `TTL` are single words:
///   `IPv4Address` -> `ipv4_address`, `SizeInMiB` -> `size_in_mib`;
/// - in an all-lowercase name a digit followed by a lowercase letter starts a word
///   (`s3key` -> `s3_key`), except after a word made only of digits (`1h` -> `1h`, where
///   smithy-rs would give `1_h`: numbers lead durations and sizes in enum values).
/// Any other ASCII character (`_`, `-`, `.`, ...) separates words and is dropped, as are non-ASCII
/// bytes, so the result only holds `[a-z0-9_]`, with single `_` between words and none at either
/// end. It can be empty (no letters or digits) or start with a digit: pass it through
/// cpp_identifier before using it as an identifier.
std::string to_snake_case(std::string_view name);

/// Makes a name safe to declare in generated C++: the result is `name` unchanged unless
/// - it is empty: `v`;
/// - it holds a byte outside `[A-Za-z0-9_]`: each such byte becomes `_` (callers normally pass
///   to_snake_case output, so this is only a safety net);
/// - it starts with a digit: prefixed with `v` (`3Des` -> `v3Des`, `1h` -> `v1h`), as version-like
///   names (`v2`) read naturally that way and `_3des` would look private;
/// - it is reserved to the implementation (contains `__`, or starts with `_` + capital): runs of
///   `_` become one and a leading `_` + capital gets a `v` prefix (`_Foo` -> `v_Foo`), since
///   appending `_` would not lift the reservation;
/// - it is a C++20 keyword or alternative token (`and`, `delete`, `co_await`, `requires`, ...), a
///   name the standard library or common platform headers define as a macro (`errno`, `EOF`,
///   `major`, `minor`, `unix`, `min`, `max`, `small`, `interface`, `isnan`, ...), or otherwise
///   collides in practice (`std`, `posix`, `module`, `import`): `_` is appended (`delete_`).
std::string cpp_identifier(std::string name);

/// An enum's wire value -> the name of its C++ constant, passed through cpp_identifier:
/// - each run of ASCII letters and digits goes through to_snake_case (a run without lowercase
///   letters, like `PT1M` or `AES256GCM`, is only lowercased: such values mark their word breaks
///   with `_`), and the runs are joined with `_`: `text/plain` -> `text_plain`,
///   `AGENT_ID` -> `agent_id`, `inProgress` -> `in_progress`, `en-US` -> `en_us`, `PT1M` -> `pt1m`;
/// - a leading digit gets a `v`: `1h` -> `v1h`;
/// - a value with no letters or digits spells its punctuation: `*` -> `star`, `+` -> `plus`,
///   `-` -> `minus`, `<=` -> `lt_eq`; `` (empty) -> `empty`;
/// - non-ASCII bytes are dropped.
/// Distinct values can map to one name (`a-b`, `a_b`); the caller resolves such collisions.
std::string enum_constant_name(std::string_view wire_value);

/// An operation name -> its AWS CLI command name, e.g. `SendMessage` -> `send-message`,
/// `GetMetricDataV2` -> `get-metric-data-v2`. Mirrors botocore's `xform_name(name, '-')`
/// (including its table of irregular names such as `ExecutePartiQLStatement`), because that is
/// what the CLI uses (only a bare plural acronym differs: `ARNs` -> `arns`, not `-arns`). It
/// differs from to_snake_case on rare names (`ListWebACLs` agrees,
/// `IPv4Address` gives `i-pv4-address` there, as in the CLI).
std::string pascal_to_kebab(std::string_view name);

} // namespace hawk::codegen::naming
