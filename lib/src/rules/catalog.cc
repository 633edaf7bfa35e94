// The catalogue of rule ids the library emits: the stable public names of
// its checks (isc_rule_*; SARIF rule metadata; docs/rules.md).
#include "rules/catalog.hh"

namespace isc::detail {

namespace {

constexpr RuleInfo kRules[] = {
    // Decoding and request shape.
    {"D1", "JSON or YAML syntax", "The document is not well-formed JSON or YAML (the server answers 400 with the decoder's message).", ISC_SEVERITY_ERROR},
    {"D2", "Wrong type", "A field holds a value of the wrong JSON type, an out-of-range number or an unparsable time; the server's decoder rejects the whole object (400).", ISC_SEVERITY_ERROR},
    {"D3", "Unknown field", "A field the API does not define (field names are case-sensitive): an error under fieldValidation=Strict, a warning under Warn.", ISC_SEVERITY_ERROR},
    {"D4", "Duplicate field", "A key given twice in one object: an error under Strict, a warning under Warn; otherwise the later value is decoded into the earlier one.", ISC_SEVERITY_ERROR},
    {"D5", "Invalid UTF-8", "A string is not valid UTF-8 (RFC 8259); the server would store U+FFFD instead of the bad bytes.", ISC_SEVERITY_ERROR},
    {"K1", "apiVersion or kind missing", "apiVersion and kind must be present strings: oc and kubectl refuse the document otherwise.", ISC_SEVERITY_ERROR},
    {"K2", "Not an ImageStream", "The object's kind is not ImageStream.", ISC_SEVERITY_ERROR},
    {"K3", "Legacy apiVersion v1", "apiVersion v1 (without group) is refused by oc outside Templates; use image.openshift.io/v1.", ISC_SEVERITY_ERROR},
    {"K4", "Unserved apiVersion", "The API server serves ImageStream only as image.openshift.io/v1.", ISC_SEVERITY_ERROR},
    {"K5", "Document without kind", "A document without kind is not a Kubernetes object; it is skipped.", ISC_SEVERITY_WARNING},
    {"U1", "Stored object unusable", "An update needs the stored object, and it must be a decodable ImageStream.", ISC_SEVERITY_ERROR},
    {"R1", "resourceVersion on create", "A new object must not carry metadata.resourceVersion: the storage layer refuses it (HTTP 500) after validation has passed.", ISC_SEVERITY_ERROR},
    // Request level (lib/src/request, docs/requests.md).
    {"H1", "Route", "The path is not an ImageStream endpoint of the API reference (404), the method is not served on it (405), or the media type is not accepted (415).", ISC_SEVERITY_ERROR},
    {"H2", "Request options", "Query parameters the server validates: dryRun (only All), fieldValidation (Ignore, Warn, Strict), fieldManager, force, propagationPolicy (422 on the *Options kind).", ISC_SEVERITY_ERROR},
    {"H3", "URL and object disagree", "The object's namespace or name differs from the URL's, or a URL segment is not a valid path segment (400).", ISC_SEVERITY_ERROR},
    {"H4", "resourceVersion precondition", "An update's resourceVersion differs from the stored object's (409 Conflict) or is not a number (500).", ISC_SEVERITY_ERROR},
    {"H5", "Object not found", "The request needs a stored object and there is none with the URL's name (404).", ISC_SEVERITY_ERROR},
    {"H6", "Patch cannot be applied", "A PATCH body the server refuses: malformed (400), an operation that does not apply (422), or a strategic directive it cannot process (500).", ISC_SEVERITY_ERROR},
    {"H7", "Response body", "A response body (ImageStream, ImageStreamList, Status, WatchEvent stream) that the API server would not send.", ISC_SEVERITY_ERROR},
    {"L1", "Limit exceeded", "The input exceeds a configured limit (size, depth, length, count, findings).", ISC_SEVERITY_ERROR},
    // Metadata.
    {"M1", "Name required", "metadata.name (or generateName on create) is required.", ISC_SEVERITY_ERROR},
    {"M2", "Name is a path segment", "metadata.name may not be '.' or '..' and may not contain '/' or '%'.", ISC_SEVERITY_ERROR},
    {"M3", "Stream name grammar", "Image stream names must match [a-z0-9]+(?:[._-][a-z0-9]+)*.", ISC_SEVERITY_ERROR},
    {"M4", "generateName grammar", "metadata.generateName must satisfy the stream-name rules as a prefix (so no trailing '-').", ISC_SEVERITY_ERROR},
    {"M5", "Namespace", "metadata.namespace is required and must be an RFC 1123 label.", ISC_SEVERITY_ERROR},
    {"M6", "namespace/name length", "len(namespace/name) must not exceed 255 characters.", ISC_SEVERITY_ERROR},
    {"M7", "Labels", "Label keys must be qualified names and values valid label values.", ISC_SEVERITY_ERROR},
    {"M8", "Annotations", "Annotation keys must be qualified names (case-insensitive); keys and values at most 256 KiB together.", ISC_SEVERITY_ERROR},
    {"M9", "Finalizers", "Finalizers must be qualified names, standard or fully qualified, and orphan and foregroundDeletion exclude each other.", ISC_SEVERITY_ERROR},
    {"M10", "Owner references", "Owner references need apiVersion with a version, kind, name and uid; one controller at most; Events cannot own.", ISC_SEVERITY_ERROR},
    {"M12", "Immutable metadata", "Updates need metadata.resourceVersion; name, namespace, uid and timestamps cannot change; no finalizers may be added while deleting.", ISC_SEVERITY_ERROR},
    // Spec and status.
    {"S1", "dockerImageRepository", "spec.dockerImageRepository must be a pull spec without tag or digest.", ISC_SEVERITY_ERROR},
    {"S2", "from.name required", "A tag's from needs a name.", ISC_SEVERITY_ERROR},
    {"S3", "from.kind", "A tag's from.kind must be DockerImage, ImageStreamImage or ImageStreamTag (reported as Required).", ISC_SEVERITY_ERROR},
    {"S4", "DockerImage pull spec", "A DockerImage source must be a valid pull spec.", ISC_SEVERITY_ERROR},
    {"S5", "Scheduled import", "Only DockerImage sources may be scheduled for background import.", ISC_SEVERITY_ERROR},
    {"S6", "referencePolicy.type", "referencePolicy.type must be Source or Local (empty defaults to Source).", ISC_SEVERITY_ERROR},
    {"S7", "importPolicy.importMode", "importMode must be Legacy or PreserveOriginal (empty takes the server default).", ISC_SEVERITY_ERROR},
    {"S9", "Tag resolution", "New or changed ImageStreamTag/ImageStreamImage sources must resolve; failures come as one InternalError.", ISC_SEVERITY_ERROR},
    {"T2", "Status references", "Every status item (stored, or created from spec tags) needs a valid dockerImageReference.", ISC_SEVERITY_ERROR},
    {"T3", "Status update references", "References new to the status must parse and be allowed (status subresource).", ISC_SEVERITY_ERROR},
    {"E1", "Registry allow-list", "Pull specs must come from a registry of allowedRegistriesForImport (when configured).", ISC_SEVERITY_ERROR},
    // isconform's own warnings.
    {"W1", "Duplicate tag names", "Two spec.tags entries share a name: the server keeps only the last one.", ISC_SEVERITY_WARNING},
    {"W2", "Deprecated dockerImageRepository", "spec.dockerImageRepository is deprecated since OpenShift 3.7.", ISC_SEVERITY_WARNING},
    {"W3", "Schema-required field missing", "The published API schema marks the field required; the server does not enforce it.", ISC_SEVERITY_WARNING},
    {"W4", "Unaddressable tag name", "The tag name cannot be written as <stream>:<tag>, so nothing can refer to it.", ISC_SEVERITY_WARNING},
    {"W5", "from.name contradicts its kind", "An ImageStreamTag name with a digest, or an ImageStreamImage name with a tag.", ISC_SEVERITY_WARNING},
    {"W6", "Not resolvable offline", "A referenced image stream is neither in the environment nor among the checked files.", ISC_SEVERITY_WARNING},
    {"W7", "Status ignored", "Status sent on create or update is replaced by the server.", ISC_SEVERITY_WARNING},
    {"W8", "Tag generation ignored", "A tag generation sent on create is replaced by 1.", ISC_SEVERITY_WARNING},
    {"W9", "Namespace removed by template processing", "A hard-coded namespace in a Template object is dropped when the template is processed.", ISC_SEVERITY_WARNING},
    {"W10", "Template parameter", "A value holding a ${PARAMETER} cannot be checked before the template is processed.", ISC_SEVERITY_WARNING},
    // Policy beyond the API server (lib/src/policy): each off unless the configuration enables it.
    {"P1", "Allowed registries", "Policy: DockerImage sources must come from a configured registry (policy.allowedRegistries).", ISC_SEVERITY_ERROR},
    {"P2", "Local reference policy", "Policy: every tag must use referencePolicy.type Local (policy.requireLocalReferencePolicy).", ISC_SEVERITY_ERROR},
    {"P3", "No insecure imports", "Policy: importPolicy.insecure must not be set (policy.forbidInsecureImport).", ISC_SEVERITY_ERROR},
    {"P4", "Digest-pinned sources", "Policy: DockerImage sources must be pinned by digest (policy.requireDigest).", ISC_SEVERITY_ERROR},
    {"P5", "Tag count", "Policy: a stream may have at most policy.maxTags tags.", ISC_SEVERITY_ERROR},
    {"P6", "Tag annotations", "Policy: every tag must carry the annotations of policy.requiredTagAnnotations (for the console catalogue).", ISC_SEVERITY_ERROR},
};

}  // namespace

const RuleInfo *rule_catalog(size_t *count) {
  *count = sizeof(kRules) / sizeof(kRules[0]);
  return kRules;
}

const RuleInfo *find_rule(std::string_view id) {
  for (const auto &r : kRules) {
    if (id == r.id) return &r;
  }
  return nullptr;
}

}  // namespace isc::detail
