/* A client of the installed library: uses only the contract of the public
 * header and prints the findings of one manifest the way `isconform check`
 * prints them (without the file name). Built by install_test.py against the
 * pkg-config file of a staged `meson install`. */
#include <isconform/isconform.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: findings FILE\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 2;
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  size_t n;
  while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
    len += n;
    if (len == cap) {
      char *grown = realloc(buf, cap *= 2);
      if (!grown) {
        free(buf);
        buf = NULL;
      }
      buf = grown;
    }
  }
  fclose(f);
  if (!buf) return 2;

  isc_options *opts = NULL;
  isc_validator *v = NULL;
  isc_report *r = NULL;
  if (isc_options_new(&opts) != ISC_OK || isc_options_set_field_validation(opts, ISC_FIELD_VALIDATION_STRICT) != ISC_OK ||
      isc_validator_new(&v, opts) != ISC_OK || isc_report_new(&r) != ISC_OK)
    return 2;
  if (isc_validate(v, ISC_OP_CREATE, buf, len, NULL, 0, r) != ISC_OK) return 2;
  for (size_t i = 0; i < isc_report_count(r); i++) {
    const isc_finding *x = isc_report_at(r, i);
    printf("%u:%u: %s: %s [%s]\n", (unsigned)isc_finding_line(x), (unsigned)isc_finding_column(x),
           isc_finding_severity(x) == ISC_SEVERITY_ERROR ? "error" : "warning", isc_finding_message(x),
           isc_finding_rule(x));
  }
  int valid = isc_report_valid(r);
  isc_report_free(r);
  isc_validator_free(v);
  isc_options_free(opts);
  free(buf);
  return valid ? 0 : 1;
}
