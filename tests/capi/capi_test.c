/* The whole C API, used from C99 (compiled with -std=c99 -Wall -Wextra -Werror -pedantic). */
#include <isconform/isconform.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                        \
  do {                                                                     \
    ++checks;                                                              \
    if (!(cond)) {                                                         \
      ++failures;                                                          \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                      \
  } while (0)

static const char *find_message(const isc_report *r, const char *field) {
  size_t i;
  for (i = 0; i < isc_report_count(r); i++) {
    const isc_finding *f = isc_report_at(r, i);
    if (strcmp(isc_finding_field(f), field) == 0) return isc_finding_message(f);
  }
  return NULL;
}

static void test_version(void) {
  CHECK(strcmp(isc_version(), ISC_VERSION_STRING) == 0);
  CHECK(ISC_VERSION_CHECK(0, 1, 0));
  CHECK(strcmp(isc_status_str(ISC_EINVAL), "ISC_EINVAL") == 0);
}

static void test_null_arguments(void) {
  isc_options *o = NULL;
  isc_validator *v = NULL;
  isc_report *r = NULL;
  CHECK(isc_options_new(NULL) == ISC_EINVAL);
  CHECK(isc_validator_new(NULL, NULL) == ISC_EINVAL);
  CHECK(isc_report_new(NULL) == ISC_EINVAL);
  CHECK(isc_options_set_field_validation(NULL, ISC_FIELD_VALIDATION_WARN) == ISC_EINVAL);
  CHECK(isc_options_set_environment(NULL, "{}", 2) == ISC_EINVAL);
  CHECK(isc_validator_new(&v, NULL) == ISC_OK);
  CHECK(isc_report_new(&r) == ISC_OK);
  CHECK(isc_validate(NULL, ISC_OP_CREATE, "{}", 2, NULL, 0, r) == ISC_EINVAL);
  CHECK(isc_validate(v, ISC_OP_CREATE, "{}", 2, NULL, 0, NULL) == ISC_EINVAL);
  CHECK(isc_validate(v, ISC_OP_CREATE, NULL, 2, NULL, 0, r) == ISC_EINVAL);
  CHECK(isc_validate(v, (isc_operation)7, "{}", 2, NULL, 0, r) == ISC_EINVAL);
  CHECK(isc_report_valid(NULL) == 0);
  CHECK(isc_report_count(NULL) == 0);
  CHECK(isc_report_at(NULL, 0) == NULL);
  CHECK(isc_report_at(r, 99) == NULL);
  CHECK(isc_report_normalized(NULL, NULL) == NULL);
  CHECK(isc_schema_get(NULL, NULL) == NULL);
  CHECK(isc_schema_get("NoSuchSchema", NULL) == NULL);
  CHECK(isc_options_new(&o) == ISC_OK);
  CHECK(isc_options_set_field_validation(o, (isc_field_validation)9) == ISC_EINVAL);
  /* _free(NULL) is a no-op. */
  isc_options_free(NULL);
  isc_validator_free(NULL);
  isc_report_free(NULL);
  isc_file_report_free(NULL);
  isc_options_free(o);
  isc_report_free(r);
  isc_validator_free(v);
}

static const char kValid[] =
    "{\"apiVersion\":\"image.openshift.io/v1\",\"kind\":\"ImageStream\","
    "\"metadata\":{\"name\":\"ruby\",\"namespace\":\"ns\"},"
    "\"spec\":{\"tags\":[{\"name\":\"latest\",\"from\":{\"kind\":\"DockerImage\",\"name\":\"quay.io/ruby:3\"}}]}}";

static const char kMissingKind[] =
    "{\"apiVersion\":\"image.openshift.io/v1\",\"kind\":\"ImageStream\",\n"
    "\"metadata\":{\"name\":\"ruby\",\"namespace\":\"ns\"},\n"
    "\"spec\":{\"tags\":[{\"name\":\"latest\",\n"
    "        \"from\":{\"name\":\"quay.io/ruby:3\"}}]}}";

static void test_validate(void) {
  isc_validator *v = NULL;
  isc_report *r = NULL;
  const isc_finding *f;
  size_t len = 0;
  const char *normalized;
  CHECK(isc_validator_new(&v, NULL) == ISC_OK);
  CHECK(isc_report_new(&r) == ISC_OK);

  CHECK(isc_validate(v, ISC_OP_CREATE, kValid, strlen(kValid), NULL, 0, r) == ISC_OK);
  CHECK(isc_report_valid(r) == 1);
  normalized = isc_report_normalized(r, &len);
  CHECK(normalized != NULL);
  CHECK(normalized && len == strlen(normalized));
  CHECK(normalized && strstr(normalized, "\"generation\":1") != NULL);
  CHECK(normalized && strstr(normalized, "\"referencePolicy\":{\"type\":\"Source\"}") != NULL);
  CHECK(strcmp(isc_report_kind(r), "ImageStream") == 0);
  CHECK(strcmp(isc_report_name(r), "ruby") == 0);
  CHECK(strcmp(isc_report_namespace(r), "ns") == 0);

  /* The same report is reused: the previous findings are cleared. */
  CHECK(isc_validate(v, ISC_OP_CREATE, kMissingKind, strlen(kMissingKind), NULL, 0, r) == ISC_OK);
  CHECK(isc_report_valid(r) == 0);
  CHECK(isc_report_normalized(r, &len) == NULL);
  CHECK(len == 0);
  CHECK(isc_report_count(r) >= 2);
  f = isc_report_at(r, 0);
  CHECK(f != NULL);
  CHECK(isc_finding_severity(f) == ISC_SEVERITY_ERROR);
  CHECK(find_message(r, "spec.tags[latest].from.kind") != NULL);
  CHECK(find_message(r, "spec.tags[latest].from.kind") &&
        strcmp(find_message(r, "spec.tags[latest].from.kind"),
               "spec.tags[latest].from.kind: Required value: valid values are 'DockerImage', 'ImageStreamImage', "
               "'ImageStreamTag'") == 0);
  {
    size_t i;
    for (i = 0; i < isc_report_count(r); i++) {
      f = isc_report_at(r, i);
      if (strcmp(isc_finding_field(f), "spec.tags[latest].from.kind") == 0) {
        CHECK(strcmp(isc_finding_type(f), "Required") == 0);
        CHECK(strcmp(isc_finding_rule(f), "S3") == 0);
        CHECK(isc_finding_line(f) == 4);   /* the enclosing "from" object */
        CHECK(isc_finding_column(f) == 16);
      }
    }
  }

  /* A malformed document is not an API error. */
  CHECK(isc_validate(v, ISC_OP_CREATE, "{\"a\":", 5, NULL, 0, r) == ISC_OK);
  CHECK(isc_report_valid(r) == 0);
  CHECK(isc_report_count(r) == 1);
  f = isc_report_at(r, 0);
  CHECK(strcmp(isc_finding_type(f), "SyntaxError") == 0);
  CHECK(strcmp(isc_finding_message(f), "unexpected end of JSON input") == 0);
  CHECK(isc_finding_line(f) == 1 && isc_finding_column(f) == 6);

  /* NUL bytes are input like any other byte. */
  CHECK(isc_validate(v, ISC_OP_CREATE, "{\"a\0\":1}", 8, NULL, 0, r) == ISC_OK);
  CHECK(isc_report_valid(r) == 0);

  /* Update without the stored object: an error finding, not an API failure. */
  CHECK(isc_validate(v, ISC_OP_UPDATE, kValid, strlen(kValid), NULL, 0, r) == ISC_OK);
  CHECK(isc_report_valid(r) == 0);

  isc_report_free(r);
  isc_validator_free(v);
}

static void test_options(void) {
  static const char kUnknown[] =
      "{\"apiVersion\":\"image.openshift.io/v1\",\"kind\":\"ImageStream\",\"metadata\":{\"name\":\"a\","
      "\"namespace\":\"ns\",\"colour\":\"red\"}}";
  isc_options *o = NULL;
  isc_validator *strict = NULL, *warn = NULL, *ignore = NULL;
  isc_report *r = NULL;
  char err[256];
  CHECK(isc_report_new(&r) == ISC_OK);
  CHECK(isc_validator_new(&strict, NULL) == ISC_OK);
  CHECK(isc_options_new(&o) == ISC_OK);
  CHECK(isc_options_set_field_validation(o, ISC_FIELD_VALIDATION_WARN) == ISC_OK);
  CHECK(isc_validator_new(&warn, o) == ISC_OK);
  CHECK(isc_options_set_field_validation(o, ISC_FIELD_VALIDATION_IGNORE) == ISC_OK);
  CHECK(isc_validator_new(&ignore, o) == ISC_OK);

  CHECK(isc_validate(strict, ISC_OP_CREATE, kUnknown, strlen(kUnknown), NULL, 0, r) == ISC_OK);
  CHECK(isc_report_valid(r) == 0);
  CHECK(find_message(r, "metadata.colour") && strcmp(find_message(r, "metadata.colour"), "unknown field \"metadata.colour\"") == 0);
  CHECK(isc_validate(warn, ISC_OP_CREATE, kUnknown, strlen(kUnknown), NULL, 0, r) == ISC_OK);
  CHECK(isc_report_valid(r) == 1);
  CHECK(isc_report_count(r) == 1 && isc_finding_severity(isc_report_at(r, 0)) == ISC_SEVERITY_WARNING);
  CHECK(isc_validate(ignore, ISC_OP_CREATE, kUnknown, strlen(kUnknown), NULL, 0, r) == ISC_OK);
  CHECK(isc_report_valid(r) == 1 && isc_report_count(r) == 0);

  CHECK(isc_options_set_environment_ex(o, "{\"nope\":1}", 10, err, sizeof err) == ISC_EPARSE);
  CHECK(strstr(err, "unknown key \"nope\"") != NULL);
  CHECK(isc_options_set_environment(o, "{\"internalRegistryHostname\":\"registry:5000\"}", 44) == ISC_OK);
  CHECK(isc_options_set_default_namespace(o, "team") == ISC_OK);
  CHECK(isc_options_add_known_stream(o, "team", "base") == ISC_OK);
  CHECK(isc_options_set_world(o, ISC_WORLD_OPEN) == ISC_OK);
  CHECK(isc_options_set_engine(o, ISC_ENGINE_FAST) == ISC_OK);

  isc_options_free(o);
  isc_validator_free(strict);
  isc_validator_free(warn);
  isc_validator_free(ignore);
  isc_report_free(r);
}

static void test_file_report(void) {
  static const char kStream[] =
      "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
      "{\"apiVersion\":\"image.openshift.io/v1\",\"kind\":\"ImageStream\",\"metadata\":{\"name\":\"a\",\"namespace\":\"n\"}},"
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}]}\n"
      "{\"apiVersion\":\"image.openshift.io/v1\",\"kind\":\"ImageStream\",\"metadata\":{\"name\":\"B\",\"namespace\":\"n\"}}";
  isc_validator *v = NULL;
  isc_file_report *fr = NULL;
  const isc_report *e;
  CHECK(isc_validator_new(&v, NULL) == ISC_OK);
  CHECK(isc_file_report_new(&fr) == ISC_OK);
  CHECK(isc_validate_file(v, ISC_OP_CREATE, kStream, strlen(kStream), ISC_FORMAT_AUTO, NULL, 0, fr) == ISC_OK);
  CHECK(isc_file_report_documents(fr) == 2);
  CHECK(isc_file_report_skipped(fr) == 1);
  CHECK(isc_file_report_count(fr) == 2);
  e = isc_file_report_at(fr, 0);
  CHECK(e && strcmp(isc_report_object(e), "/items/0") == 0 && isc_report_document(e) == 0 && isc_report_valid(e));
  e = isc_file_report_at(fr, 1);
  CHECK(e && strcmp(isc_report_object(e), "") == 0 && isc_report_document(e) == 1 && !isc_report_valid(e));
  CHECK(e && find_message(e, "metadata.name") &&
        strcmp(find_message(e, "metadata.name"),
               "metadata.name: Invalid value: \"B\": must match \"[a-z0-9]+(?:[._-][a-z0-9]+)*\"") == 0);
  CHECK(isc_file_report_at(fr, 2) == NULL);
  isc_file_report_free(fr);
  isc_validator_free(v);
}

static void test_schemas(void) {
  size_t n = isc_schema_count(), i, len = 0;
  CHECK(n == 13);
  for (i = 0; i < n; i++) {
    const char *name = isc_schema_name(i);
    const char *text = isc_schema_get(name, &len);
    CHECK(text != NULL && len > 0 && text[0] == '{' && strlen(text) == len);
  }
  CHECK(isc_schema_name(n) == NULL);
  CHECK(isc_schema_get("ImageStream.json", &len) == isc_schema_get("ImageStream", NULL));
}

int main(void) {
  test_version();
  test_null_arguments();
  test_validate();
  test_options();
  test_file_report();
  test_schemas();
  printf("%d checks, %d failed\n", checks, failures);
  return failures ? 1 : 0;
}
