#pragma once

// The typed shape graph of one AWS service model (botocore's service-2.json). Built once by
// load_service(), immutable afterwards; emits nothing. Shapes are kept sorted by name and members
// in model order, so every walk over the model is deterministic.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hawk::codegen::model {

/// A model that cannot be generated: malformed JSON, a dangling reference, an unsupported kind.
/// The message names the file and the shape (and member) at fault.
class model_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class shape_kind {
    structure,
    union_,
    list,
    map,
    string,
    enumeration, // a string with a closed list of known values (kept open in C++)
    boolean,
    byte,
    short_,
    integer,
    long_,
    float_,
    double_,
    timestamp,
    blob,
    document,
};

/// Where a member of an operation's input or output travels in HTTP.
enum class location { body, header, headers, uri, querystring, status_code };

struct shape;

struct member {
    std::string name;   ///< the model's member name (also the document-form key)
    std::string target; ///< the target shape's name
    const shape* type = nullptr;
    enum location location = location::body;
    std::string location_name; ///< header/label/query name, or the body key when renamed
    std::string documentation;
    std::optional<std::string> timestamp_format; ///< overrides the target's
    bool required = false;
    bool idempotency_token = false;
    bool deprecated = false;
    bool host_label = false;
    bool json_value = false; ///< a header carrying base64-encoded JSON (rest-json)

    /// The JSON key of this member in a rest-json/awsJson body.
    const std::string& wire_name() const { return location_name.empty() ? name : location_name; }
};

struct error_info {
    int http_status = 400; ///< httpStatusCode; without it 500 for a fault, else 400
    std::string code;      ///< the `error.code` override, if any
    bool sender_fault = false;
};

struct shape {
    std::string name;
    shape_kind kind = shape_kind::string;
    std::string documentation;

    std::vector<member> members; ///< structure and union members, in model order
    std::optional<member> list_member;
    std::optional<member> map_key;
    std::optional<member> map_value;
    std::vector<std::string> enum_values;

    std::optional<double> min; ///< length/size for strings, blobs, lists, maps; range for numbers
    std::optional<double> max;
    std::optional<std::string> pattern;
    std::optional<std::string> timestamp_format;
    std::string payload; ///< the member that is the whole HTTP body, if any

    bool sensitive = false;
    bool exception = false;
    bool fault = false;
    bool retryable = false;
    bool throttling = false;
    bool streaming = false;
    bool event_stream = false;
    bool deprecated = false;
    std::optional<error_info> error;

    bool is_aggregate() const {
        return kind == shape_kind::structure || kind == shape_kind::union_;
    }
    const member* find_member(const std::string& member_name) const;
};

/// How an operation pages (botocore's paginators-1.json, or a customization): the request's
/// `input_token` member takes the response's `output_token` member until that is absent or empty.
/// Only what hawk's models use is accepted (load_paginators): one top-level member per key, no
/// JMESPath expressions, no token lists, no `more_results`.
struct pagination {
    std::string input_token;  ///< a string member of the input
    std::string output_token; ///< a string member of the output
    std::string limit_key;    ///< an integer member of the input (the page size); may be empty
    std::string result_key;   ///< a list member of the output: the items
    /// Output members that are not items (ApproximateTotalCount): accepted, checked, not merged.
    std::vector<std::string> non_aggregate_keys;
};

/// The state an acceptor moves a waiter to (waiters-2.json `state`).
enum class waiter_state { success, failure, retry };

/// What an acceptor looks at (waiters-2.json `matcher`).
enum class waiter_matcher {
    status,   ///< the HTTP status of the response, success or error
    error,    ///< an error code; `true`: any error, `false`: no error
    path,     ///< a JMESPath expression on the output equals `expected`
    path_all, ///< ... gives a non-empty list whose every element equals `expected`
    path_any, ///< ... gives a list with some element equal to `expected`
};

struct waiter_acceptor {
    waiter_state state = waiter_state::retry;
    waiter_matcher matcher = waiter_matcher::path;
    std::string argument; ///< path matchers: the JMESPath expression (checked: see load_waiters)
    std::string expected; ///< the expected value, as compact JSON text ("ACTIVE" quoted, 404, true)
};

/// A waiter (botocore's waiters-2.json, or a customization): poll `operation` until an acceptor
/// says success or failure.
struct waiter {
    std::string name;      ///< AssistantActive
    std::string operation; ///< GetAssistant
    int delay = 2;         ///< seconds: the minimum delay between attempts
    int max_attempts = 1;  ///< with delay, the default longest wait (delay * max_attempts)
    std::string description;
    std::vector<waiter_acceptor> acceptors; ///< in order: the first that matches decides
    bool customized = false;                ///< hawk's (models/customizations.json)
};

struct operation {
    std::string name;
    std::string http_method;
    std::string request_uri;
    int response_code = 200;
    const shape* input = nullptr;  ///< null when the model has none
    const shape* output = nullptr; ///< null when the model has none
    std::vector<const shape*> errors;
    std::string documentation;
    std::string host_prefix;
    bool http_checksum_required = false;          ///< send Content-MD5 (httpChecksumRequired)
    std::vector<std::string> request_compression; ///< encodings the body may be sent in
    std::optional<std::string> auth_type;
    std::string auth_scheme = "sigv4"; ///< after customizations: sigv4 or none
    bool deprecated = false;
    bool idempotent = false;
    std::optional<struct pagination> pagination; ///< set when the operation pages
};

/// hawk's own facts about a service (models/customizations.json), applied by load_customizations.
struct customization {
    std::string auth = "sigv4";                         ///< default auth scheme: sigv4 or none
    std::map<std::string, std::string> auth_operations; ///< per-operation overrides
    std::vector<std::string> sensitive_shapes;
    /// Paginators the service has but its paginators-1.json lacks (they replace the file's).
    std::map<std::string, pagination> paginators;
    /// Waiters the service has but its waiters-2.json lacks (they replace the file's of the same
    /// name).
    std::map<std::string, waiter> waiters;
};

struct service {
    std::string source_path; ///< as given on the command line, for banners and messages
    std::string folder;      ///< the service's folder in models/ (connect, qconnect, ...)
    std::string api_version;
    std::string protocol; ///< rest-json, json, ...
    /// metadata.protocols: every protocol the service speaks, in its order of preference.
    std::vector<std::string> protocols;
    /// metadata.awsQueryCompatible: a former awsQuery service; the x-amzn-query-error header
    /// gives the error codes its callers know.
    bool query_compatible = false;
    std::string json_version;
    std::string endpoint_prefix;
    std::string signing_name;
    std::string signature_version;
    std::string service_id;
    std::string full_name;
    std::string target_prefix;
    std::string uid;
    std::string documentation;

    customization custom;
    std::string endpoint_rules; ///< endpoint-rule-set-1.json's text, when the model has one

    std::map<std::string, shape> shapes;   ///< by name: sorted, stable addresses
    std::vector<operation> operations;     ///< sorted by name
    std::map<std::string, waiter> waiters; ///< by name: waiters-2.json's, then customizations'

    const shape* find_shape(const std::string& name) const;
};

/// Parses and checks a service model. `folder` is the service's models/ folder name.
/// Throws model_error with a message naming the shape at fault.
service load_service(const std::string& json_text, const std::string& source_path,
                     const std::string& folder);

/// Applies the entry for `svc.folder` of a customizations document (models/customizations.json),
/// if it has one. Throws model_error for a malformed document or one naming unknown shapes.
void apply_customizations(service& svc, const std::string& json_text,
                          const std::string& source_path);

/// Applies a paginators document (botocore's paginators-1.json: `{"pagination": {"Op": {...}}}`)
/// to the operations of `svc`. Throws model_error naming the operation for an unknown operation
/// or member, a member of the wrong kind, or anything hawk does not support (JMESPath
/// expressions, lists of tokens or result keys, `more_results`, unknown keys).
void load_paginators(service& svc, const std::string& json_text, const std::string& source_path);

/// Applies a waiters document (botocore's waiters-2.json: `{"version": 2, "waiters": {"Name":
/// {...}}}`) to `svc.waiters`. Throws model_error naming the waiter (and acceptor) for an unknown
/// operation or key, a state or matcher that is not botocore's, a waiter with no success
/// acceptor, an `expected` of the wrong kind, or a path outside the JMESPath subset of
/// hawk/core/detail/jmespath.hpp or naming members the operation's output does not have.
void load_waiters(service& svc, const std::string& json_text, const std::string& source_path);

/// Whether values of this shape are secret (the model's or a customization's `sensitive`), also
/// as the items of a list or the keys or values of a map: never printed or logged.
bool is_sensitive(const shape& s);

/// Reads a file into a string; throws model_error when it cannot. A file whose name ends in
/// `.gz` (botocore ships `service-2.json.gz`) is gunzipped: all of it, or a model_error saying
/// why not (not gzip, corrupt, truncated); never a partial text. (files.cpp)
std::string read_file(const std::string& path);

/// The service's name when hawk-gen is not given one. botocore keeps models as
/// `<service>/<api-version>/service-2.json[.gz]`: the `<service>` folder, the name its SDKs use,
/// when the model's folder is a date. Elsewhere, the model's `metadata.serviceId` in lower case
/// without spaces or dashes (`Secrets Manager` -> `secretsmanager`), which botocore's folder
/// names follow. `json_text` is the model's text. Throws model_error when neither gives a name.
std::string default_service_name(const std::string& model_file, const std::string& json_text);

} // namespace hawk::codegen::model
