/* Every public function with NULL arguments, zero lengths, out-of-range
 * values and reused objects, as isconform.h documents them (C99). */
#include <isconform/isconform.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                             \
  do {                                                                          \
    ++checks;                                                                   \
    if (!(cond)) {                                                              \
      ++failures;                                                               \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                           \
  } while (0)

static const char kValid[] =
    "{\"apiVersion\":\"image.openshift.io/v1\",\"kind\":\"ImageStream\","
    "\"metadata\":{\"name\":\"s\",\"namespace\":\"ns\",\"resourceVersion\":\"1\"},"
    "\"spec\":{\"tags\":[{\"name\":\"latest\",\"from\":{\"kind\":\"DockerImage\",\"name\":\"quay.io/a/b:1\"}}]}}";
static const char kInvalid[] =
    "{\"apiVersion\":\"image.openshift.io/v1\",\"kind\":\"ImageStream\",\"metadata\":{\"name\":\"Bad_Name\"}}";

static void test_statics(void) {
  size_t len = 1;
  CHECK(isc_version() != NULL);
  CHECK(strcmp(isc_status_str((isc_status)-99), "ISC_UNKNOWN") == 0);
  CHECK(strcmp(isc_status_str(ISC_ENOMEM), "ISC_ENOMEM") == 0);
  CHECK(strcmp(isc_status_str(ISC_EPARSE), "ISC_EPARSE") == 0);
  CHECK(isc_rule_count() > 0);
  CHECK(isc_rule_id(isc_rule_count()) == NULL);
  CHECK(isc_rule_title((size_t)-1) == NULL);
  CHECK(isc_rule_description((size_t)-1) == NULL);
  CHECK(isc_rule_severity((size_t)-1) == ISC_SEVERITY_ERROR);
  CHECK(isc_rule_id(0) != NULL && isc_rule_title(0) != NULL && isc_rule_description(0) != NULL);
  CHECK(isc_schema_get(NULL, &len) == NULL && len == 0);
  CHECK(isc_schema_get("", NULL) == NULL);
  CHECK(isc_schema_get(".json", NULL) == NULL);
  CHECK(isc_schema_name((size_t)-1) == NULL);
  CHECK(isc_schema_count() > 0);
}

static void test_options(void) {
  isc_options *o = NULL;
  char err[8];
  CHECK(isc_options_new(NULL) == ISC_EINVAL);
  CHECK(isc_options_new(&o) == ISC_OK && o != NULL);
  /* NULL options */
  CHECK(isc_options_set_field_validation(NULL, ISC_FIELD_VALIDATION_STRICT) == ISC_EINVAL);
  CHECK(isc_options_set_engine(NULL, ISC_ENGINE_FAST) == ISC_EINVAL);
  CHECK(isc_options_set_world(NULL, ISC_WORLD_OPEN) == ISC_EINVAL);
  CHECK(isc_options_set_limit(NULL, ISC_LIMIT_DEPTH, 10) == ISC_EINVAL);
  CHECK(isc_options_set_environment(NULL, "", 0) == ISC_EINVAL);
  CHECK(isc_options_set_environment_ex(NULL, "", 0, err, sizeof err) == ISC_EINVAL);
  CHECK(isc_options_set_default_namespace(NULL, "ns") == ISC_EINVAL);
  CHECK(isc_options_set_request_checks(NULL, 1) == ISC_EINVAL);
  CHECK(isc_options_add_known_stream(NULL, "ns", "n") == ISC_EINVAL);
  CHECK(isc_options_set_config(NULL, "", 0) == ISC_EINVAL);
  CHECK(isc_options_set_config_ex(NULL, "", 0, err, sizeof err) == ISC_EINVAL);
  /* out-of-range values */
  CHECK(isc_options_set_field_validation(o, (isc_field_validation)3) == ISC_EINVAL);
  CHECK(isc_options_set_engine(o, (isc_engine)2) == ISC_EINVAL);
  CHECK(isc_options_set_world(o, (isc_world)-1) == ISC_EINVAL);
  CHECK(isc_options_set_limit(o, (isc_limit)7, 10) == ISC_EINVAL);
  CHECK(isc_options_set_limit(o, ISC_LIMIT_DEPTH, 0) == ISC_EINVAL);
  CHECK(isc_options_set_limit(o, ISC_LIMIT_DEPTH, 0x100000000ull) == ISC_EINVAL);
  CHECK(isc_options_set_limit(o, ISC_LIMIT_FINDINGS, 1) == ISC_EINVAL);
  CHECK(isc_options_set_limit(o, ISC_LIMIT_FINDINGS, 2) == ISC_OK);
  CHECK(isc_options_set_limit(o, ISC_LIMIT_DOCUMENT_BYTES, UINT64_MAX) == ISC_OK);
  /* NULL strings, and NULL with a length */
  CHECK(isc_options_set_default_namespace(o, NULL) == ISC_EINVAL);
  CHECK(isc_options_add_known_stream(o, NULL, "n") == ISC_EINVAL);
  CHECK(isc_options_add_known_stream(o, "ns", NULL) == ISC_EINVAL);
  CHECK(isc_options_set_environment(o, NULL, 5) == ISC_EINVAL);
  CHECK(isc_options_set_config(o, NULL, 5) == ISC_EINVAL);
  /* NULL with zero length is an empty document: no environment (a parse
   * error, options unchanged), an empty configuration (clears it) */
  CHECK(isc_options_set_environment(o, NULL, 0) == ISC_EPARSE);
  CHECK(isc_options_set_environment(o, "", 0) == ISC_EPARSE);
  CHECK(isc_options_set_environment(o, "{}", 2) == ISC_OK);
  CHECK(isc_options_set_config(o, NULL, 0) == ISC_OK);
  CHECK(isc_options_set_config(o, "", 0) == ISC_OK);
  /* a parse error truncates the message into a small buffer, or none */
  memset(err, 'x', sizeof err);
  CHECK(isc_options_set_environment_ex(o, "[1", 2, err, sizeof err) == ISC_EPARSE);
  CHECK(memchr(err, '\0', sizeof err) != NULL);
  CHECK(isc_options_set_environment_ex(o, "[1", 2, NULL, 0) == ISC_EPARSE);
  CHECK(isc_options_set_environment_ex(o, "[1", 2, err, 0) == ISC_EPARSE);
  memset(err, 'x', sizeof err);
  CHECK(isc_options_set_config_ex(o, "nope: 1", 7, err, sizeof err) == ISC_EPARSE);
  CHECK(memchr(err, '\0', sizeof err) != NULL);
  CHECK(isc_options_set_config_ex(o, "nope: 1", 7, NULL, 0) == ISC_EPARSE);
  isc_options_free(o);
  isc_options_free(NULL);
}

static void test_validate(void) {
  isc_validator *v = NULL;
  isc_report *r = NULL, *r2 = NULL;
  isc_file_report *fr = NULL;
  size_t len = 7;
  CHECK(isc_validator_new(NULL, NULL) == ISC_EINVAL);
  CHECK(isc_validator_new(&v, NULL) == ISC_OK && v != NULL);
  CHECK(isc_report_new(NULL) == ISC_EINVAL);
  CHECK(isc_report_new(&r) == ISC_OK && r != NULL);
  CHECK(isc_file_report_new(NULL) == ISC_EINVAL);
  CHECK(isc_file_report_new(&fr) == ISC_OK && fr != NULL);

  /* a fresh report is empty */
  CHECK(isc_report_count(r) == 0);
  CHECK(isc_report_valid(r) == 1);
  CHECK(isc_report_at(r, 0) == NULL);
  CHECK(isc_report_normalized(r, &len) == NULL && len == 0);
  len = 7;
  CHECK(isc_report_generations(r, &len) == NULL && len == 0);
  CHECK(strcmp(isc_report_object(r), "") == 0 && strcmp(isc_report_kind(r), "") == 0);

  /* NULL arguments */
  CHECK(isc_validate(NULL, ISC_OP_CREATE, kValid, strlen(kValid), NULL, 0, r) == ISC_EINVAL);
  CHECK(isc_validate(v, ISC_OP_CREATE, kValid, strlen(kValid), NULL, 0, NULL) == ISC_EINVAL);
  CHECK(isc_validate(v, ISC_OP_CREATE, NULL, 1, NULL, 0, r) == ISC_EINVAL);
  CHECK(isc_validate(v, ISC_OP_UPDATE, kValid, strlen(kValid), NULL, 3, r) == ISC_EINVAL);
  CHECK(isc_validate(v, (isc_operation)-1, kValid, strlen(kValid), NULL, 0, r) == ISC_EINVAL);
  CHECK(isc_validate_file(NULL, ISC_OP_CREATE, "", 0, ISC_FORMAT_AUTO, NULL, 0, fr) == ISC_EINVAL);
  CHECK(isc_validate_file(v, ISC_OP_CREATE, "", 0, ISC_FORMAT_AUTO, NULL, 0, NULL) == ISC_EINVAL);
  CHECK(isc_validate_file(v, ISC_OP_CREATE, NULL, 2, ISC_FORMAT_AUTO, NULL, 0, fr) == ISC_EINVAL);
  CHECK(isc_validate_file(v, ISC_OP_CREATE, "", 0, (isc_format)3, NULL, 0, fr) == ISC_EINVAL);
  CHECK(isc_validate_file(v, (isc_operation)3, "", 0, ISC_FORMAT_AUTO, NULL, 0, fr) == ISC_EINVAL);
  CHECK(isc_validate_file(v, ISC_OP_UPDATE, "", 0, ISC_FORMAT_AUTO, NULL, 1, fr) == ISC_EINVAL);

  /* zero lengths: NULL, 0 is the empty document, a syntax error finding */
  CHECK(isc_validate(v, ISC_OP_CREATE, NULL, 0, NULL, 0, r) == ISC_OK);
  CHECK(isc_report_valid(r) == 0 && isc_report_count(r) == 1);
  CHECK(strcmp(isc_finding_rule(isc_report_at(r, 0)), "D1") == 0);
  CHECK(isc_validate(v, ISC_OP_CREATE, "", 0, NULL, 0, r) == ISC_OK && isc_report_valid(r) == 0);
  /* an update whose stored object is empty is a finding, not an API failure */
  CHECK(isc_validate(v, ISC_OP_UPDATE, kValid, strlen(kValid), "", 0, r) == ISC_OK && isc_report_valid(r) == 0);
  CHECK(isc_validate(v, ISC_OP_UPDATE, kValid, strlen(kValid), NULL, 0, r) == ISC_OK && isc_report_valid(r) == 0);
  CHECK(isc_validate_file(v, ISC_OP_CREATE, NULL, 0, ISC_FORMAT_AUTO, NULL, 0, fr) == ISC_OK);
  CHECK(isc_file_report_count(fr) == 1 && isc_file_report_documents(fr) == 0);
  CHECK(isc_validate_file(v, ISC_OP_CREATE, NULL, 0, ISC_FORMAT_JSON, NULL, 0, fr) == ISC_OK);
  CHECK(isc_validate_file(v, ISC_OP_CREATE, NULL, 0, ISC_FORMAT_YAML, NULL, 0, fr) == ISC_OK);

  /* accessors of NULL objects */
  CHECK(isc_file_report_count(NULL) == 0);
  CHECK(isc_file_report_at(NULL, 0) == NULL);
  CHECK(isc_file_report_at(fr, 12345) == NULL);
  CHECK(isc_file_report_documents(NULL) == 0);
  CHECK(isc_file_report_skipped(NULL) == 0);
  CHECK(isc_report_generations(NULL, NULL) == NULL);
  CHECK(isc_report_document(NULL) == 0);
  CHECK(strcmp(isc_report_object(NULL), "") == 0);
  CHECK(strcmp(isc_report_api_version(NULL), "") == 0);
  CHECK(strcmp(isc_report_kind(NULL), "") == 0);
  CHECK(strcmp(isc_report_namespace(NULL), "") == 0);
  CHECK(strcmp(isc_report_name(NULL), "") == 0);
  CHECK(isc_finding_severity(NULL) == ISC_SEVERITY_ERROR);
  CHECK(strcmp(isc_finding_field(NULL), "") == 0);
  CHECK(strcmp(isc_finding_type(NULL), "") == 0);
  CHECK(strcmp(isc_finding_message(NULL), "") == 0);
  CHECK(strcmp(isc_finding_rule(NULL), "") == 0);
  CHECK(isc_finding_line(NULL) == 0 && isc_finding_column(NULL) == 0);

  /* Reuse: an invalid result, then a valid one leaves nothing behind; a
   * refused call (EINVAL) leaves the report as it was. */
  CHECK(isc_validate(v, ISC_OP_CREATE, kInvalid, strlen(kInvalid), NULL, 0, r) == ISC_OK);
  CHECK(isc_report_valid(r) == 0 && isc_report_count(r) > 0);
  CHECK(strcmp(isc_report_name(r), "Bad_Name") == 0);
  CHECK(isc_validate(v, ISC_OP_CREATE, kValid, strlen(kValid) - 1, NULL, 0, r) == ISC_OK);
  CHECK(isc_report_valid(r) == 0);
  {
    int i;
    for (i = 0; i < 50; i++) {
      CHECK(isc_validate(v, ISC_OP_CREATE, i % 2 ? kValid : kInvalid, strlen(i % 2 ? kValid : kInvalid), NULL, 0,
                         r) == ISC_OK);
    }
  }
  CHECK(isc_validate(v, ISC_OP_CREATE, "{\"metadata\":{\"resourceVersion\":\"1\"}}", 36, NULL, 0, r) == ISC_OK);
  CHECK(isc_validate(v, ISC_OP_CREATE, kValid, strlen(kValid), NULL, 0, r) == ISC_OK);
  /* kValid has a resourceVersion: only that finding on create */
  CHECK(isc_report_count(r) <= 1);
  CHECK(strcmp(isc_report_name(r), "s") == 0);
  CHECK(isc_validate(v, ISC_OP_UPDATE, kValid, strlen(kValid), kValid, strlen(kValid), r) == ISC_OK);
  CHECK(isc_report_valid(r) == 1 && isc_report_count(r) == 0);
  CHECK(isc_report_normalized(r, NULL) != NULL);
  CHECK(isc_report_generations(r, &len) != NULL && len > 0);
  CHECK(isc_validate(v, ISC_OP_CREATE, NULL, 1, NULL, 0, r) == ISC_EINVAL);
  CHECK(isc_report_valid(r) == 1 && isc_report_generations(r, NULL) != NULL);
  CHECK(isc_validate(v, ISC_OP_CREATE, kInvalid, strlen(kInvalid), NULL, 0, r) == ISC_OK);
  CHECK(isc_report_generations(r, NULL) == NULL && isc_report_normalized(r, NULL) == NULL);

  /* Freed, then a new report in its place works as the first did. */
  isc_report_free(r);
  r = NULL;
  CHECK(isc_report_new(&r2) == ISC_OK);
  CHECK(isc_report_count(r2) == 0 && isc_report_valid(r2) == 1);
  CHECK(isc_validate(v, ISC_OP_CREATE, kInvalid, strlen(kInvalid), NULL, 0, r2) == ISC_OK);
  CHECK(isc_report_valid(r2) == 0);

  /* file report reuse: two documents, then one */
  CHECK(isc_validate_file(v, ISC_OP_CREATE, "---\na: 1\n---\nb: 2\n", 18, ISC_FORMAT_AUTO, NULL, 0, fr) == ISC_OK);
  CHECK(isc_file_report_documents(fr) == 2);
  CHECK(isc_validate_file(v, ISC_OP_CREATE, kValid, strlen(kValid), ISC_FORMAT_JSON, NULL, 0, fr) == ISC_OK);
  CHECK(isc_file_report_documents(fr) == 1 && isc_file_report_count(fr) == 1);
  isc_file_report_free(fr);
  fr = NULL;
  CHECK(isc_file_report_new(&fr) == ISC_OK && isc_file_report_count(fr) == 0);

  isc_report_free(r2);
  isc_file_report_free(fr);
  isc_validator_free(v);
  isc_report_free(NULL);
  isc_file_report_free(NULL);
  isc_validator_free(NULL);
}

static void test_admission(void) {
  isc_validator *v = NULL;
  char *resp = (char *)1;
  size_t len = 9;
  CHECK(isc_validator_new(&v, NULL) == ISC_OK);
  CHECK(isc_admission_review(NULL, "{}", 2, &resp, &len) == ISC_EINVAL);
  CHECK(isc_admission_review(v, "{}", 2, NULL, &len) == ISC_EINVAL);
  CHECK(isc_admission_review(v, NULL, 3, &resp, &len) == ISC_EINVAL);
  /* empty and malformed reviews are answered (allowed false, code 400) */
  resp = NULL;
  CHECK(isc_admission_review(v, NULL, 0, &resp, &len) == ISC_OK);
  CHECK(resp != NULL && strlen(resp) == len && strstr(resp, "\"allowed\":false") != NULL);
  isc_string_free(resp);
  resp = NULL;
  CHECK(isc_admission_review(v, "\0\xff", 2, &resp, NULL) == ISC_OK);
  CHECK(resp != NULL && strstr(resp, "400") != NULL);
  isc_string_free(resp);
  isc_string_free(NULL);
  isc_validator_free(v);
}

int main(void) {
  test_statics();
  test_options();
  test_validate();
  test_admission();
  printf("%d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
