// Every message detail the library emits, in one table, so that a wording
// change upstream (see spec §9 D1) is a one-line edit here. Strings are
// those of the API server as pinned in docs/conformance.md (openshift-apiserver
// on k8s.io/apimachinery v0.34.1) unless marked as isconform's own.
#ifndef ISC_RULES_MESSAGES_HH
#define ISC_RULES_MESSAGES_HH

namespace isc::detail::msg {

// field.ErrorType strings (k8s.io/apimachinery/pkg/util/validation/field).
inline constexpr const char kRequiredValue[] = "Required value";
inline constexpr const char kInvalidValue[] = "Invalid value";
inline constexpr const char kForbidden[] = "Forbidden";
inline constexpr const char kTooLong[] = "Too long";
inline constexpr const char kNotFound[] = "Not found";
inline constexpr const char kInternalError[] = "Internal error";

// Metadata (M*).
inline constexpr const char kNameOrGenerateNameRequired[] = "name or generateName is required";
inline constexpr const char kMayNotBeDot[] = "may not be '.'";
inline constexpr const char kMayNotBeDotDot[] = "may not be '..'";
inline constexpr const char kMayNotContainSlash[] = "may not contain '/'";
inline constexpr const char kMayNotContainPercent[] = "may not contain '%'";
inline constexpr const char kStreamNameMustMatch[] = "must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\"";
inline constexpr const char kNamespaceNameTooLong[] = "'namespace/name' cannot be longer than 255 characters";
inline constexpr const char kMaxLen63[] = "must be no more than 63 characters";
inline constexpr const char kNotDns1123LabelDots[] = "must not contain dots";
inline constexpr const char kDns1123Label[] =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
    "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
inline constexpr const char kQualifiedNameMultiSlash[] =
    "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
    "'example.com/MyName')";
inline constexpr const char kPrefixNonEmpty[] = "prefix part must be non-empty";
inline constexpr const char kPrefixTooLong[] = "prefix part must be no more than 253 characters";
inline constexpr const char kPrefixDns1123Subdomain[] =
    "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
inline constexpr const char kNamePartNonEmpty[] = "name part must be non-empty";
inline constexpr const char kNamePartTooLong[] = "name part must be no more than 63 characters";
inline constexpr const char kNamePartFormat[] =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
inline constexpr const char kLabelValueFormat[] =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start "
    "and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
    "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
inline constexpr const char kAnnotationsTooLong[] = "may not be more than 262144 bytes";
inline constexpr const char kFinalizerOrphanForeground[] = "finalizer orphan and foregroundDeletion cannot be both set";
inline constexpr const char kFinalizerNotStandard[] = "name is neither a standard finalizer name nor is it fully qualified";
inline constexpr const char kVersionMustNotBeEmpty[] = "version must not be empty";
inline constexpr const char kMustNotBeEmpty[] = "must not be empty";
inline constexpr const char kDisallowedOwner[] = "is disallowed from being an owner";
inline constexpr const char kFieldImmutable[] = "field is immutable";
inline constexpr const char kResourceVersionRequired[] = "must be specified for an update";
// The storage layer's answer (HTTP 500) to a create that carries a resourceVersion.
inline constexpr const char kResourceVersionOnCreate[] = "resourceVersion should not be set on objects to be created";
inline constexpr const char kNoNewFinalizers[] = "no new finalizers can be added if the object is being deleted, found new finalizers ";

// Spec (S*).
inline constexpr const char kRepositoryMayNotContainTag[] = "the repository name may not contain a tag";
inline constexpr const char kRepositoryMayNotContainId[] = "the repository name may not contain an ID";
inline constexpr const char kFromKindValues[] = "valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'";
inline constexpr const char kScheduledOnlyDocker[] =
    "only tags pointing to Docker repositories may be scheduled for background import";
inline constexpr const char kReferencePolicyValues[] = "valid values are \"Source\", \"Local\"";
inline constexpr const char kImportModeValues[] = "invalid import mode, valid modes are '', 'Legacy', 'PreserveOriginal'";
inline constexpr const char kFromNameForm[] = "must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>";
inline constexpr const char kUnableToRetrieveStream[] = "unable to retrieve image stream: ";
inline constexpr const char kErrorGeneratingTagEvent[] = "error generating tag event: ";
inline constexpr const char kNameParameterRequired[] = "Name parameter required.";
inline constexpr const char kNamespaceParameterRequired[] = "Namespace parameter required.";
inline constexpr const char kNameParameterInvalid[] = "Name parameter invalid: ";

// Image pull specs (R*): library-go pkg/image/reference.Parse and its
// internal reference and digest packages.
inline constexpr const char kRefNameEmpty[] = "repository name must have at least one component";
inline constexpr const char kRefNameUppercase[] = "repository name must be lowercase";
inline constexpr const char kRefInvalidFormat[] = "invalid reference format";
inline constexpr const char kRefNameTooLong[] = "repository name must not be more than 255 characters";
inline constexpr const char kRefDigestUnsupported[] = "unsupported digest algorithm";
inline constexpr const char kRefDigestLength[] = "invalid checksum digest length";

// Registry allow-list (E1): openshift-apiserver validation/whitelist/whitelister.go.
// Assembled as: "registry " + %q host + kNotAllowedByWhitelist + %q entries joined
// by ", " [+ ", and " + N + kWhitelistMore], or + kNotAllowedByEmptyWhitelist.
inline constexpr const char kRegistryPrefix[] = "registry ";
inline constexpr const char kNotAllowedByWhitelist[] = " not allowed by whitelist: ";
inline constexpr const char kNotAllowedByEmptyWhitelist[] = " not allowed by empty whitelist";
inline constexpr const char kWhitelistAnd[] = ", and ";
inline constexpr const char kWhitelistMore[] = " more ...";

// Decoding (D*) and apiVersion/kind (K*).
inline constexpr const char kLegacyApiVersion[] =
    "no matches for kind \"ImageStream\" in version \"v1\": oc and kubectl refuse the legacy apiVersion v1 outside "
    "Templates; use apiVersion: image.openshift.io/v1";
inline constexpr const char kApiVersionNotSet[] = "apiVersion not set";
inline constexpr const char kKindNotSet[] = "kind not set";
inline constexpr const char kApiVersionNotString[] = "apiVersion isn't string type";
inline constexpr const char kKindNotString[] = "kind isn't string type";

}  // namespace isc::detail::msg

#endif  // ISC_RULES_MESSAGES_HH
