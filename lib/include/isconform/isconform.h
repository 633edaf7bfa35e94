/**
 * @file isconform.h
 * @brief isconform: does the OpenShift API server accept this ImageStream?
 *
 * The library decodes an `image.openshift.io/v1` ImageStream (JSON or YAML),
 * checks it against the embedded JSON Schemas and against the rules the
 * OpenShift API server applies on create, update and status update, and
 * reports every finding with the server's field path, error type and message.
 *
 * Conventions (see docs/api.md):
 * - Fallible functions return an ::isc_status. An invalid document is NOT an
 *   API failure: isc_validate() returns ::ISC_OK and the report says why.
 * - Objects returned through a leading `out` parameter belong to the caller
 *   and are released with the matching `_free` function; `_free(NULL)` is a
 *   no-op. Pointers returned by accessors are borrowed from their parent and
 *   stay valid until the parent is freed or next reused.
 * - Strings are NUL-terminated UTF-8. Input buffers are read during the call
 *   and never retained.
 * - No function lets a C++ exception escape.
 *
 * Thread safety: an ::isc_validator is immutable once created and may be
 * shared by any number of threads. Options, reports and file reports are
 * single-thread objects: use one per thread.
 *
 * This header is plain C99 and also compiles as C++.
 */
#ifndef ISCONFORM_ISCONFORM_H
#define ISCONFORM_ISCONFORM_H

#include <stddef.h>
#include <stdint.h>

#if defined(ISC_STATIC)
#define ISC_API
#elif defined(_WIN32)
#if defined(ISC_BUILDING_DLL)
#define ISC_API __declspec(dllexport)
#else
#define ISC_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define ISC_API __attribute__((visibility("default")))
#else
#define ISC_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the library as "MAJOR.MINOR.PATCH". @since 0.1 */
#define ISC_VERSION_MAJOR 0
#define ISC_VERSION_MINOR 1
#define ISC_VERSION_PATCH 0
#define ISC_VERSION_STRING "0.1.0"
/** True when the headers are at least version a.b.c. */
#define ISC_VERSION_CHECK(a, b, c)                                             \
  ((ISC_VERSION_MAJOR * 10000 + ISC_VERSION_MINOR * 100 + ISC_VERSION_PATCH) >= \
   ((a) * 10000 + (b) * 100 + (c)))

typedef struct isc_options isc_options;         /**< opaque; single-thread */
typedef struct isc_validator isc_validator;     /**< immutable after creation; share across threads */
typedef struct isc_report isc_report;           /**< one per thread; reused: isc_validate clears it */
typedef struct isc_finding isc_finding;         /**< borrowed from its report */
typedef struct isc_file_report isc_file_report; /**< results for every object of one input buffer */

/** Status codes. Values are pinned: new codes are only appended. */
typedef enum {
  ISC_OK = 0,         /**< success (the document may still be invalid: see the report) */
  ISC_EINVAL = -1,    /**< a required argument was NULL or out of range */
  ISC_ENOMEM = -2,    /**< out of memory; the output object is left empty */
  ISC_EINTERNAL = -3, /**< a bug in isconform; please report it */
  ISC_EPARSE = -4     /**< an option document (environment, config) could not be read */
} isc_status;

/** The write being checked, as the API server sees it. */
typedef enum {
  ISC_OP_CREATE = 0,       /**< POST .../imagestreams */
  ISC_OP_UPDATE = 1,       /**< PUT  .../imagestreams/{name} */
  ISC_OP_STATUS_UPDATE = 2 /**< PUT  .../imagestreams/{name}/status */
} isc_operation;

/** Server-side field validation (the `fieldValidation` query parameter). */
typedef enum {
  ISC_FIELD_VALIDATION_STRICT = 0, /**< unknown and duplicate fields are errors (kubectl's default) */
  ISC_FIELD_VALIDATION_WARN = 1,   /**< they are warnings */
  ISC_FIELD_VALIDATION_IGNORE = 2  /**< they are dropped silently */
} isc_field_validation;

typedef enum { ISC_SEVERITY_ERROR = 0, ISC_SEVERITY_WARNING = 1 } isc_severity;

/** Which implementation checks structure and types. Both give identical reports. */
typedef enum {
  ISC_ENGINE_FAST = 0,     /**< single pass over the bytes, tables compiled from the embedded schemas (default) */
  ISC_ENGINE_REFERENCE = 1 /**< nlohmann/json document checked by valijson against the embedded schemas */
} isc_engine;

/** How references to other image streams are resolved (rule S9). */
typedef enum {
  ISC_WORLD_CLOSED = 0, /**< the server's view: a stream missing from the environment does not exist (default) */
  ISC_WORLD_OPEN = 1    /**< a stream missing from the environment is only a warning: it cannot be resolved offline */
} isc_world;

/** Input formats for isc_validate_file(). */
typedef enum {
  ISC_FORMAT_AUTO = 0, /**< JSON when the first non-space byte is `{` or `[` and it parses as JSON, else YAML */
  ISC_FORMAT_JSON = 1,
  ISC_FORMAT_YAML = 2
} isc_format;

/** Bounds on hostile input (docs/limits.md). Exceeding one is an error finding (rule L1). */
typedef enum {
  ISC_LIMIT_DOCUMENT_BYTES = 0, /**< bytes of one document (default 3 MiB, the API server's request limit) */
  ISC_LIMIT_DEPTH = 1,          /**< nesting depth of JSON and YAML (default 10000, as the server's decoders) */
  ISC_LIMIT_STRING_BYTES = 2,   /**< bytes of one string (default 1 MiB) */
  ISC_LIMIT_TAGS = 3,           /**< entries of spec.tags, and of status.tags (default 1000000) */
  ISC_LIMIT_STATUS_ITEMS = 4,   /**< status items over all tags (default 1000000) */
  ISC_LIMIT_YAML_NODES = 5,     /**< YAML nodes after alias expansion (default 4000000) */
  ISC_LIMIT_FINDINGS = 6        /**< findings per document, the last one saying how many more (default 1000) */
} isc_limit;

/** @return the library version string, e.g. "0.1.0". Static storage. Thread-safe. */
ISC_API const char *isc_version(void);

/** @return a static name for a status code ("ISC_OK", ...). Thread-safe. */
ISC_API const char *isc_status_str(isc_status status);

/* ------------------------------------------------------------------------ */
/* Options                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * Create an options object holding the defaults: Strict field validation,
 * the fast engine, a closed world, an empty environment (no registry
 * allow-list, import mode `Legacy`, no registry hostnames, no other streams).
 * @param out receives the new object, owned by the caller (isc_options_free).
 * @return ISC_OK, ISC_EINVAL (out NULL) or ISC_ENOMEM.
 * Thread safety: the object is single-thread.
 */
ISC_API isc_status isc_options_new(isc_options **out);
/** Free an options object. NULL is a no-op. */
ISC_API void isc_options_free(isc_options *opts);
/** Set the field-validation mode. @return ISC_OK or ISC_EINVAL. */
ISC_API isc_status isc_options_set_field_validation(isc_options *opts, isc_field_validation mode);
/** Select the structural engine. @return ISC_OK or ISC_EINVAL. */
ISC_API isc_status isc_options_set_engine(isc_options *opts, isc_engine engine);
/** Select closed or open world resolution. @return ISC_OK or ISC_EINVAL. */
ISC_API isc_status isc_options_set_world(isc_options *opts, isc_world world);
/**
 * Set a limit (see ::isc_limit). value 0 is refused.
 * @return ISC_OK or ISC_EINVAL.
 */
ISC_API isc_status isc_options_set_limit(isc_options *opts, isc_limit limit, uint64_t value);
/**
 * Load the server environment from a JSON or YAML document with the keys
 * `allowedRegistriesForImport` (list of {domainName, insecure}),
 * `internalRegistryHostname`, `externalRegistryHostname`, `defaultImportMode`
 * (`Legacy` or `PreserveOriginal`) and `imageStreams` (existing ImageStream
 * objects that tag references resolve against). Absent keys keep the server
 * defaults. The document is copied.
 * @return ISC_OK, ISC_EINVAL (NULL argument), ISC_EPARSE (the document is not
 * a valid environment; options unchanged) or ISC_ENOMEM.
 */
ISC_API isc_status isc_options_set_environment(isc_options *opts, const char *doc, size_t len);
/**
 * Like isc_options_set_environment(), but on ISC_EPARSE writes a message
 * (NUL-terminated, truncated to errbuf_len) into errbuf when it is not NULL.
 */
ISC_API isc_status isc_options_set_environment_ex(isc_options *opts, const char *doc, size_t len,
                                                  char *errbuf, size_t errbuf_len);
/**
 * Namespace for objects without metadata.namespace, as the request URL (or
 * `oc -n`) supplies it. Default: none, so a missing namespace is the
 * server's `metadata.namespace: Required value`. The string is copied.
 * @return ISC_OK, ISC_EINVAL or ISC_ENOMEM.
 */
ISC_API isc_status isc_options_set_default_namespace(isc_options *opts, const char *ns);
/**
 * Turn the store-level checks of metadata.resourceVersion on (default) or
 * off. With them, an update without resourceVersion gets the server's
 * `metadata.resourceVersion: Invalid value: 0: must be specified for an
 * update`, and a create that carries one (rule R1) the storage layer's
 * `resourceVersion should not be set on objects to be created`. Without them
 * both are checked as plain objects, which suits comparing manifests
 * offline. @return ISC_OK or ISC_EINVAL.
 */
ISC_API isc_status isc_options_set_request_checks(isc_options *opts, int enabled);
/**
 * Declare that a stream `namespace/name` will exist (open world: for example
 * it is defined in another file being checked). Tag references to it are
 * then resolved as to an existing stream with an empty status.
 * @return ISC_OK, ISC_EINVAL or ISC_ENOMEM.
 */
ISC_API isc_status isc_options_add_known_stream(isc_options *opts, const char *ns, const char *name);

/* ------------------------------------------------------------------------ */
/* Validator                                                                 */
/* ------------------------------------------------------------------------ */

/**
 * Compile a validator: embedded schemas, rule tables and the environment.
 * @param out receives the validator, owned by the caller (isc_validator_free).
 * @param opts options to copy, or NULL for the defaults. Not retained.
 * @return ISC_OK, ISC_EINVAL, ISC_ENOMEM or ISC_EINTERNAL.
 * Thread safety: the validator is immutable; share it across threads.
 */
ISC_API isc_status isc_validator_new(isc_validator **out, const isc_options *opts);
/** Free a validator. NULL is a no-op. No validation may be running on it. */
ISC_API void isc_validator_free(isc_validator *v);

/* ------------------------------------------------------------------------ */
/* Reports and findings                                                      */
/* ------------------------------------------------------------------------ */

/**
 * Create an empty report. Reuse it across calls: isc_validate() clears it and
 * keeps its buffers, so steady-state validation allocates little.
 * @return ISC_OK, ISC_EINVAL or ISC_ENOMEM. Thread safety: single-thread.
 */
ISC_API isc_status isc_report_new(isc_report **out);
/** Free a report. NULL is a no-op. */
ISC_API void isc_report_free(isc_report *r);

/**
 * Validate one ImageStream document (JSON or YAML).
 * @param v the validator.
 * @param op the operation; ISC_OP_UPDATE and ISC_OP_STATUS_UPDATE need the
 *        stored object in old_doc (a missing or malformed old object is an
 *        error finding, not an API failure).
 * @param doc,doc_len the object; copied, not retained. NUL bytes are allowed
 *        (and reported).
 * @param old_doc,old_len the stored object, or NULL, 0 for create.
 * @param report cleared, then filled.
 * @return ISC_OK (see isc_report_valid()), ISC_EINVAL (v, report or doc NULL,
 *         op out of range), ISC_ENOMEM (the report is left empty).
 * Thread safety: any number of threads may validate with one validator, each
 * with its own report.
 */
ISC_API isc_status isc_validate(const isc_validator *v, isc_operation op, const char *doc, size_t doc_len,
                                const char *old_doc, size_t old_len, isc_report *report);

/** @return 1 when the report holds no error finding, else 0 (also for NULL). */
ISC_API int isc_report_valid(const isc_report *r);
/** @return the number of findings (errors and warnings). 0 for NULL. */
ISC_API size_t isc_report_count(const isc_report *r);
/** @return finding i (borrowed from the report), or NULL when out of range. */
ISC_API const isc_finding *isc_report_at(const isc_report *r, size_t i);
/**
 * The object the server would persist (defaults, generations, computed
 * status), as compact JSON; NULL when the report has an error finding.
 * @param len receives the length when not NULL.
 * Borrowed from the report; valid until the report is reused or freed.
 */
ISC_API const char *isc_report_normalized(const isc_report *r, size_t *len);
/**
 * For ISC_OP_UPDATE: how the update changes generations, tag by tag, as JSON:
 * {"oldGeneration":N,"generation":M,"generationBumped":bool,"tags":[{"tag":"latest",
 * "change":"added|changed|unchanged|removed","reasons":["from.name",...],
 * "otherChanges":["annotations",...],"sentGeneration":..,"oldGeneration":..,
 * "generation":..,"observedGeneration":..,"import":"pending|none|not-applicable"}]}.
 * NULL for other operations or when the stored object could not be read.
 * Borrowed from the report.
 */
ISC_API const char *isc_report_generations(const isc_report *r, size_t *len);
/** Index of the document (YAML `---` or concatenated JSON value) in its input. */
ISC_API size_t isc_report_document(const isc_report *r);
/** JSON Pointer of the object inside its document ("" at top level, "/items/3" in a list). */
ISC_API const char *isc_report_object(const isc_report *r);
/** apiVersion, kind, metadata.namespace, metadata.name of the object ("" when absent). Borrowed. */
ISC_API const char *isc_report_api_version(const isc_report *r);
ISC_API const char *isc_report_kind(const isc_report *r);
ISC_API const char *isc_report_namespace(const isc_report *r);
ISC_API const char *isc_report_name(const isc_report *r);

ISC_API isc_severity isc_finding_severity(const isc_finding *f);
/** Field path as the server renders it, e.g. "spec.tags[latest].from.kind". Never NULL. */
ISC_API const char *isc_finding_field(const isc_finding *f);
/** Error type: "Required", "Invalid", "Forbidden", "NotFound", "TooLong", "InternalError",
 *  or a decoding type ("UnknownField", "DuplicateField", "TypeError", "SyntaxError", "BadRequest"),
 *  or "Warning" for checks beyond the server. Never NULL. */
ISC_API const char *isc_finding_type(const isc_finding *f);
/** The full message, "<field>: <detail>" for field errors, exactly as the server words it. */
ISC_API const char *isc_finding_message(const isc_finding *f);
/** Stable rule id ("S3", "M1", "D2", ...). Never NULL. */
ISC_API const char *isc_finding_rule(const isc_finding *f);
/** 1-based line of the offending value (of the key for unknown/duplicate fields; of the
 *  enclosing object for a missing field); 0 when unknown. */
ISC_API uint32_t isc_finding_line(const isc_finding *f);
/** 1-based column, counted in Unicode code points; 0 when unknown. */
ISC_API uint32_t isc_finding_column(const isc_finding *f);

/* ------------------------------------------------------------------------ */
/* Whole inputs: several documents, Lists, Templates                         */
/* ------------------------------------------------------------------------ */

/** Create an empty file report. @return ISC_OK, ISC_EINVAL or ISC_ENOMEM. */
ISC_API isc_status isc_file_report_new(isc_file_report **out);
/** Free a file report. NULL is a no-op. */
ISC_API void isc_file_report_free(isc_file_report *fr);
/**
 * Validate every ImageStream in an input buffer: a JSON value, concatenated
 * JSON values, or a YAML stream; `List`, `ImageStreamList` and `Template`
 * objects are unpacked. Other kinds are skipped and counted. Problems of the
 * input itself (syntax errors, documents without kind) are reported as an
 * entry whose kind is "".
 * @return ISC_OK, ISC_EINVAL or ISC_ENOMEM.
 */
ISC_API isc_status isc_validate_file(const isc_validator *v, isc_operation op, const char *buf, size_t len,
                                     isc_format format, const char *old_doc, size_t old_len,
                                     isc_file_report *out);
/** Number of entries (one per ImageStream, plus one per input-level problem). */
ISC_API size_t isc_file_report_count(const isc_file_report *fr);
/** Entry i, borrowed from the file report; NULL when out of range. */
ISC_API const isc_report *isc_file_report_at(const isc_file_report *fr, size_t i);
/** Number of documents in the input. */
ISC_API size_t isc_file_report_documents(const isc_file_report *fr);
/** Number of objects that are not ImageStreams and were skipped. */
ISC_API size_t isc_file_report_skipped(const isc_file_report *fr);

/* ------------------------------------------------------------------------ */
/* Rule catalogue                                                            */
/* ------------------------------------------------------------------------ */

/** Number of rule ids the library can emit (see docs/rules.md). Thread-safe. */
ISC_API size_t isc_rule_count(void);
/** Rule i: id ("S3"), short title, one-sentence description, default severity.
 *  Static strings; NULL (or ISC_SEVERITY_ERROR) when i is out of range. */
ISC_API const char *isc_rule_id(size_t i);
ISC_API const char *isc_rule_title(size_t i);
ISC_API const char *isc_rule_description(size_t i);
ISC_API isc_severity isc_rule_severity(size_t i);

/* ------------------------------------------------------------------------ */
/* Embedded schemas                                                          */
/* ------------------------------------------------------------------------ */

/**
 * The text of an embedded JSON Schema by name ("ImageStream",
 * "ImageStreamSpec", ... or the file name "ImageStream.json").
 * @param len receives the length when not NULL.
 * @return static text, or NULL when there is no such schema.
 */
ISC_API const char *isc_schema_get(const char *name, size_t *len);
/** Number of embedded schemas. */
ISC_API size_t isc_schema_count(void);
/** Name of embedded schema i (e.g. "ImageStream"), or NULL when out of range. Static. */
ISC_API const char *isc_schema_name(size_t i);

/* ------------------------------------------------------------------------ */
/* Policy and the admission webhook                                          */
/* ------------------------------------------------------------------------ */

/**
 * Load a configuration (JSON or YAML) that sets the severity of rules by id
 * and enables the policy rules P1-P6 (each off by default):
 *
 *     rules:                         # error, warning or off, by rule id
 *       W2: off
 *       S4: warning
 *     policy:
 *       allowedRegistries: [quay.io, "*.example.com", registry.example.com/team]  # P1
 *       requireLocalReferencePolicy: true                                         # P2
 *       forbidInsecureImport: true                                                # P3
 *       requireDigest: true                                                       # P4
 *       maxTags: 50                                                               # P5
 *       requiredTagAnnotations: [description]                                     # P6
 *
 * Overrides apply to every finding, the server's rules included: a rule set
 * to `off` disappears, `warning` downgrades an error (isc_report_valid()
 * follows), `error` raises a warning. Policy rules check what a create or an
 * update adds or changes (an existing stream is not locked by a new policy);
 * status updates are not checked. Unknown keys and rule ids are errors.
 * An empty document clears the configuration. The document is copied.
 * @return ISC_OK, ISC_EINVAL (NULL argument), ISC_EPARSE (options
 * unchanged) or ISC_ENOMEM.
 * Thread safety: the options object is single-thread.
 */
ISC_API isc_status isc_options_set_config(isc_options *opts, const char *doc, size_t len);
/**
 * Like isc_options_set_config(), but on ISC_EPARSE writes a message
 * (NUL-terminated, truncated to errbuf_len) into errbuf when it is not NULL.
 */
ISC_API isc_status isc_options_set_config_ex(isc_options *opts, const char *doc, size_t len, char *errbuf,
                                             size_t errbuf_len);

/**
 * Answer a Kubernetes AdmissionReview (admission.k8s.io/v1, or v1beta1
 * answered in kind) as a validating webhook for ImageStreams.
 *
 * - CREATE runs the create rules; UPDATE the update rules, or the status
 *   update rules when request.subResource is "status"; DELETE, CONNECT and
 *   objects that are not image.openshift.io ImageStreams are allowed
 *   untouched. request.namespace fills a missing metadata.namespace.
 * - A rejection carries the Status the API server itself would answer:
 *   code 422, reason Invalid, message `ImageStream.image.openshift.io "<name>"
 *   is invalid: ...` and details.causes; or code 400, reason BadRequest, for
 *   an object the server's decoder refuses.
 * - Warnings go to response.warnings: at most 20 (then one "N more
 *   warnings"), each shorter than 120 characters, ending with the rule id.
 * - A malformed review is answered with allowed false, code 400 and a
 *   message saying what is wrong (the uid is echoed when it could be read).
 * - W6, W7 and W8 are not reported: the object a webhook receives has been
 *   prepared by the server already. Use an open-world validator
 *   (ISC_WORLD_OPEN): references to other streams were resolved by the server.
 *
 * @param v the validator (shared across threads).
 * @param review,len the request body; read during the call, not retained.
 * @param response receives the AdmissionReview answer (compact JSON,
 *        NUL-terminated), owned by the caller: free it with isc_string_free().
 *        Set to NULL on failure.
 * @param response_len receives its length when not NULL.
 * @return ISC_OK whenever an answer was written (also for malformed
 *         reviews), ISC_EINVAL (v or response NULL, review NULL with len > 0),
 *         ISC_ENOMEM or ISC_EINTERNAL.
 * Thread safety: any number of threads may call it with one validator.
 */
ISC_API isc_status isc_admission_review(const isc_validator *v, const char *review, size_t len, char **response,
                                        size_t *response_len);
/** Free a string the library allocated for the caller. NULL is a no-op. */
ISC_API void isc_string_free(char *s);

/* ------------------------------------------------------------------------ */
/* Requests: PATCH, whole requests, response bodies (docs/requests.md)       */
/* ------------------------------------------------------------------------ */

/** The PATCH body types (the request's Content-Type). @since 0.1 */
typedef enum {
  ISC_PATCH_JSON = 0,     /**< application/json-patch+json (RFC 6902) */
  ISC_PATCH_MERGE = 1,    /**< application/merge-patch+json (RFC 7386) */
  ISC_PATCH_STRATEGIC = 2 /**< application/strategic-merge-patch+json (ImageStream merge keys) */
} isc_patch_type;

/**
 * Apply a patch to the stored object as the API server's patch machinery
 * does, then validate the result as an update (ISC_OP_UPDATE) or a status
 * update (ISC_OP_STATUS_UPDATE) against the stored object. A patch the
 * server refuses (malformed, a failed JSON Patch `test`, a missing path, a
 * strategic directive without merge key) is an error finding (rule H6) with
 * the patch library's message; isc_report_http_status() and
 * isc_report_http_body() give the server's answer (400, 422, 500, or 200 and
 * the persisted object). isc_report_normalized() gives the persisted object
 * as for updates. The validator's field-validation mode applies to the patch
 * and to the patched object. Findings carry no line or column.
 * @return ISC_OK, ISC_EINVAL (NULL v, report or old_doc; op not an update;
 *         type out of range) or ISC_ENOMEM.
 */
ISC_API isc_status isc_validate_patch(const isc_validator *v, isc_operation op, const char *old_doc, size_t old_len,
                                      const char *patch, size_t patch_len, isc_patch_type type, isc_report *report);

/**
 * What the API server answers to a request on the ImageStream endpoints of
 * the API reference: routing (other paths 404, other methods 405), the
 * query parameters dryRun, fieldValidation (absent means Warn, as on the
 * server), fieldManager, force and propagationPolicy, the URL's namespace and
 * name against the body's (400), the stored object (404 when absent),
 * resourceVersion (409 on a stale version) and the operation's validation
 * (422). Reads (get, list, watch) answer from the stored object.
 * @param method "GET", "POST", "PUT", "PATCH" or "DELETE" (case-sensitive).
 * @param path e.g. "/apis/image.openshift.io/v1/namespaces/ns/imagestreams/x";
 *        a "?query" suffix is used when query is NULL.
 * @param query the raw query string without "?", or NULL.
 * @param content_type the Content-Type header; NULL means JSON or YAML for
 *        POST/PUT; PATCH needs one of the three patch media types.
 * @param body,body_len the request body (NULL, 0 for none).
 * @param old_doc,old_len the stored object, or NULL, 0 when none exists.
 * @param report cleared, then filled: findings, isc_report_http_status(),
 *        isc_report_http_body(), isc_report_normalized().
 * @return ISC_OK, ISC_EINVAL or ISC_ENOMEM.
 */
ISC_API isc_status isc_validate_request(const isc_validator *v, const char *method, const char *path,
                                        const char *query, const char *content_type, const char *body,
                                        size_t body_len, const char *old_doc, size_t old_len, isc_report *report);

/** The HTTP status code the server would answer (isc_validate_request,
 *  isc_validate_patch); 0 when isconform could not model the request. */
ISC_API int isc_report_http_status(const isc_report *r);
/** The response body (a metav1.Status, an ImageStream, an ImageStreamList or
 *  watch events), compact JSON; NULL when the status is 0. Borrowed. */
ISC_API const char *isc_report_http_body(const isc_report *r, size_t *len);

/**
 * Check a response body a client receives: an ImageStreamList, a Status, an
 * ImageStream, or a WatchEvent stream (one JSON object per line). kind is
 * "ImageStreamList", "Status", "ImageStream", "WatchEvent", or NULL to detect
 * it (a first object with a "type" and an "object" member is a watch
 * stream). One entry per checked object (list items and event objects
 * included); malformed parts are error findings of rule H7.
 * @return ISC_OK, ISC_EINVAL or ISC_ENOMEM.
 */
ISC_API isc_status isc_validate_response(const isc_validator *v, const char *kind, const char *buf, size_t len,
                                         isc_file_report *out);

#ifdef __cplusplus
}
#endif

#endif /* ISCONFORM_ISCONFORM_H */
