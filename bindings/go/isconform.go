// Package isconform tells whether the OpenShift API server would accept an
// ImageStream (image.openshift.io/v1) and, when it would not, says why with
// the server's own field paths and messages. It is a cgo binding over the C
// API of libisconform (pkg-config isconform).
//
// A Validator is immutable and safe for concurrent use. Review answers a
// Kubernetes AdmissionReview as a validating webhook; Handler serves it over
// net/http.
package isconform

/*
#cgo pkg-config: isconform
#include <stdlib.h>
#include <isconform/isconform.h>
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"unsafe"
)

// Version is the version of the linked library, e.g. "0.1.0".
func Version() string { return C.GoString(C.isc_version()) }

// Operation is the write being checked, as the API server sees it.
type Operation int

const (
	Create       Operation = C.ISC_OP_CREATE        // POST .../imagestreams
	Update       Operation = C.ISC_OP_UPDATE        // PUT .../imagestreams/{name}
	StatusUpdate Operation = C.ISC_OP_STATUS_UPDATE // PUT .../imagestreams/{name}/status
)

// FieldValidation is the server's fieldValidation mode.
type FieldValidation int

const (
	Strict FieldValidation = C.ISC_FIELD_VALIDATION_STRICT
	Warn   FieldValidation = C.ISC_FIELD_VALIDATION_WARN
	Ignore FieldValidation = C.ISC_FIELD_VALIDATION_IGNORE
)

// World says how references to other image streams are resolved.
type World int

const (
	// ClosedWorld: a stream missing from the environment does not exist (the server's view).
	ClosedWorld World = C.ISC_WORLD_CLOSED
	// OpenWorld: a stream missing from the environment is only a warning. Webhooks use it.
	OpenWorld World = C.ISC_WORLD_OPEN
)

// Severity of a finding.
type Severity int

const (
	SeverityError   Severity = C.ISC_SEVERITY_ERROR
	SeverityWarning Severity = C.ISC_SEVERITY_WARNING
)

func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Options configure a Validator. The zero value holds the library defaults
// (Strict, closed world, empty environment, no configuration).
type Options struct {
	FieldValidation FieldValidation
	World           World
	// Environment is the server environment document (JSON or YAML):
	// allowedRegistriesForImport, internalRegistryHostname, ... Nil: none.
	Environment []byte
	// Config sets rule severities and policy rules (JSON or YAML). Nil: none.
	Config []byte
	// DefaultNamespace fills a missing metadata.namespace ("" = none).
	DefaultNamespace string
}

// Error is a failure of the library itself (not an invalid document).
type Error struct {
	Op     string // the C function
	Status int    // the isc_status code
	Detail string // for parse errors, what is wrong with the option document
}

func (e *Error) Error() string {
	name := C.GoString(C.isc_status_str(C.isc_status(e.Status)))
	if e.Detail != "" {
		return fmt.Sprintf("isconform: %s: %s: %s", e.Op, name, e.Detail)
	}
	return fmt.Sprintf("isconform: %s: %s", e.Op, name)
}

// ErrClosed is returned when a closed Validator is used.
var ErrClosed = errors.New("isconform: validator is closed")

func check(op string, st C.isc_status, detail string) error {
	if st == C.ISC_OK {
		return nil
	}
	if st != C.ISC_EPARSE {
		detail = ""
	}
	return &Error{Op: op, Status: int(st), Detail: detail}
}

// bytesPtr passes a Go byte slice to C without a copy (it holds no Go pointers).
func bytesPtr(b []byte) *C.char {
	if len(b) == 0 {
		return nil
	}
	return (*C.char)(unsafe.Pointer(&b[0]))
}

// Validator is a compiled, immutable validator. Share one across goroutines.
type Validator struct {
	v *C.isc_validator
}

// New compiles a validator. A nil opts means the defaults.
func New(opts *Options) (*Validator, error) {
	var o *C.isc_options
	if st := C.isc_options_new(&o); st != C.ISC_OK {
		return nil, check("isc_options_new", st, "")
	}
	defer C.isc_options_free(o)
	if opts != nil {
		if st := C.isc_options_set_field_validation(o, C.isc_field_validation(opts.FieldValidation)); st != C.ISC_OK {
			return nil, check("isc_options_set_field_validation", st, "")
		}
		if st := C.isc_options_set_world(o, C.isc_world(opts.World)); st != C.ISC_OK {
			return nil, check("isc_options_set_world", st, "")
		}
		var errbuf [512]C.char
		if opts.Environment != nil {
			st := C.isc_options_set_environment_ex(o, bytesPtr(opts.Environment), C.size_t(len(opts.Environment)),
				&errbuf[0], C.size_t(len(errbuf)))
			if err := check("isc_options_set_environment_ex", st, C.GoString(&errbuf[0])); err != nil {
				return nil, err
			}
		}
		if opts.Config != nil {
			st := C.isc_options_set_config_ex(o, bytesPtr(opts.Config), C.size_t(len(opts.Config)),
				&errbuf[0], C.size_t(len(errbuf)))
			if err := check("isc_options_set_config_ex", st, C.GoString(&errbuf[0])); err != nil {
				return nil, err
			}
		}
		if opts.DefaultNamespace != "" {
			ns := C.CString(opts.DefaultNamespace)
			st := C.isc_options_set_default_namespace(o, ns)
			C.free(unsafe.Pointer(ns))
			if err := check("isc_options_set_default_namespace", st, ""); err != nil {
				return nil, err
			}
		}
	}
	v := &Validator{}
	if st := C.isc_validator_new(&v.v, o); st != C.ISC_OK {
		return nil, check("isc_validator_new", st, "")
	}
	runtime.SetFinalizer(v, (*Validator).Close)
	return v, nil
}

// Close frees the validator. No call may be running on it. Closing twice is a no-op.
func (v *Validator) Close() error {
	if v.v != nil {
		C.isc_validator_free(v.v)
		v.v = nil
	}
	runtime.SetFinalizer(v, nil)
	return nil
}

// Finding is one error or warning, with the server's wording.
type Finding struct {
	Severity Severity
	Field    string // "spec.tags[latest].from.kind"
	Type     string // "Required", "Invalid", ..., "UnknownField", "Warning"
	Message  string // "<field>: <detail>", exactly as the server words it
	Rule     string // stable rule id: "S3", "M1", "P2", ...
	Line     int    // 1-based position of the offending value; 0 when unknown
	Column   int
}

// Result is the verdict on one object.
type Result struct {
	Valid      bool
	Findings   []Finding
	Name       string
	Namespace  string
	Normalized []byte // the object the server would persist; nil when invalid
}

// Validate checks one ImageStream document (JSON or YAML). Update and
// StatusUpdate need the stored object in old.
func (v *Validator) Validate(op Operation, doc, old []byte) (*Result, error) {
	if v.v == nil {
		return nil, ErrClosed
	}
	var r *C.isc_report
	if st := C.isc_report_new(&r); st != C.ISC_OK {
		return nil, check("isc_report_new", st, "")
	}
	defer C.isc_report_free(r)
	var oldPtr *C.char
	if old != nil {
		oldPtr = bytesPtr(old)
		if oldPtr == nil { // an empty stored object is still "given"
			var empty [1]byte
			oldPtr = (*C.char)(unsafe.Pointer(&empty[0]))
		}
	}
	st := C.isc_validate(v.v, C.isc_operation(op), bytesPtr(doc), C.size_t(len(doc)), oldPtr, C.size_t(len(old)), r)
	runtime.KeepAlive(doc)
	runtime.KeepAlive(old)
	runtime.KeepAlive(v)
	if err := check("isc_validate", st, ""); err != nil {
		return nil, err
	}
	res := &Result{
		Valid:     C.isc_report_valid(r) != 0,
		Name:      C.GoString(C.isc_report_name(r)),
		Namespace: C.GoString(C.isc_report_namespace(r)),
	}
	n := int(C.isc_report_count(r))
	res.Findings = make([]Finding, 0, n)
	for i := 0; i < n; i++ {
		f := C.isc_report_at(r, C.size_t(i))
		res.Findings = append(res.Findings, Finding{
			Severity: Severity(C.isc_finding_severity(f)),
			Field:    C.GoString(C.isc_finding_field(f)),
			Type:     C.GoString(C.isc_finding_type(f)),
			Message:  C.GoString(C.isc_finding_message(f)),
			Rule:     C.GoString(C.isc_finding_rule(f)),
			Line:     int(C.isc_finding_line(f)),
			Column:   int(C.isc_finding_column(f)),
		})
	}
	var nlen C.size_t
	if p := C.isc_report_normalized(r, &nlen); p != nil {
		res.Normalized = C.GoBytes(unsafe.Pointer(p), C.int(nlen))
	}
	return res, nil
}

// Review answers a Kubernetes AdmissionReview (admission.k8s.io/v1 or
// v1beta1) as a validating webhook for ImageStreams and returns the answer
// (JSON). A malformed review is answered too (allowed false, code 400); an
// error means the library failed or ctx was done before the call.
func (v *Validator) Review(ctx context.Context, body []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if v.v == nil {
		return nil, ErrClosed
	}
	var out *C.char
	var n C.size_t
	st := C.isc_admission_review(v.v, bytesPtr(body), C.size_t(len(body)), &out, &n)
	runtime.KeepAlive(body)
	runtime.KeepAlive(v)
	if err := check("isc_admission_review", st, ""); err != nil {
		return nil, err
	}
	defer C.isc_string_free(out)
	return C.GoBytes(unsafe.Pointer(out), C.int(n)), nil
}

// Rule describes one rule id of the catalogue.
type Rule struct {
	ID, Title, Description string
	Severity               Severity
}

// Rules lists every rule id the library can emit.
func Rules() []Rule {
	n := int(C.isc_rule_count())
	rules := make([]Rule, 0, n)
	for i := 0; i < n; i++ {
		k := C.size_t(i)
		rules = append(rules, Rule{
			ID:          C.GoString(C.isc_rule_id(k)),
			Title:       C.GoString(C.isc_rule_title(k)),
			Description: C.GoString(C.isc_rule_description(k)),
			Severity:    Severity(C.isc_rule_severity(k)),
		})
	}
	return rules
}
