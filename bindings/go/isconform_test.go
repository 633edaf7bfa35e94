package isconform

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const goodStream = `{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"name":"app","namespace":"demo"},` +
	`"spec":{"tags":[{"name":"latest","from":{"kind":"DockerImage","name":"quay.io/demo/app:1.0"}}]}}`

func review(uid, op, object string) []byte {
	return []byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"` + uid + `",` +
		`"kind":{"group":"image.openshift.io","version":"v1","kind":"ImageStream"},` +
		`"resource":{"group":"image.openshift.io","version":"v1","resource":"imagestreams"},` +
		`"namespace":"demo","operation":"` + op + `","object":` + object + `}}`)
}

func newValidator(t *testing.T, opts *Options) *Validator {
	t.Helper()
	v, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

func TestVersion(t *testing.T) {
	if Version() == "" {
		t.Fatal("empty version")
	}
}

func TestValidate(t *testing.T) {
	v := newValidator(t, nil)
	res, err := v.Validate(Create, []byte(goodStream), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Valid || len(res.Findings) != 0 || res.Name != "app" || len(res.Normalized) == 0 {
		t.Fatalf("unexpected result %+v", res)
	}
	bad := strings.Replace(goodStream, `"DockerImage"`, `"Docker"`, 1)
	res, err = v.Validate(Create, []byte(bad), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Finding{Severity: SeverityError, Field: "spec.tags[latest].from.kind", Type: "Required",
		Message: "spec.tags[latest].from.kind: Required value: valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'",
		Rule:    "S3", Line: 1, Column: 153}
	found := false
	for _, f := range res.Findings {
		if f == want {
			found = true
		}
	}
	if res.Valid || !found {
		t.Fatalf("want %+v among %+v", want, res.Findings)
	}
	// Update without the stored object is a finding, not an error.
	res, err = v.Validate(Update, []byte(goodStream), nil)
	if err != nil || res.Valid || res.Findings[0].Rule != "U1" {
		t.Fatalf("update without old: %v %+v", err, res)
	}
}

func TestReview(t *testing.T) {
	v := newValidator(t, &Options{World: OpenWorld})
	got, err := v.Review(context.Background(), review("u-1", "CREATE", goodStream))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u-1","allowed":true}}`
	if string(got) != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
	bad := strings.Replace(goodStream, `"name":"app"`, `"name":"Bad_Name"`, 1)
	got, err = v.Review(context.Background(), review("u-2", "CREATE", bad))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := ParseAnswer(got)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Allowed || resp.UID != "u-2" || resp.Status.Code != 422 || resp.Status.Reason != "Invalid" ||
		resp.Status.Message != `ImageStream.image.openshift.io "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"` {
		t.Fatalf("unexpected answer %s", got)
	}
	wantCause := Cause{Reason: "FieldValueInvalid", Message: `Invalid value: "Bad_Name": must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"`, Field: "metadata.name"}
	if len(resp.Status.Details.Causes) != 1 || resp.Status.Details.Causes[0] != wantCause {
		t.Fatalf("causes %+v", resp.Status.Details.Causes)
	}
	// Malformed reviews are answered, not errors.
	got, err = v.Review(context.Background(), []byte("nope"))
	if err != nil {
		t.Fatal(err)
	}
	if resp, err = ParseAnswer(got); err != nil || resp.Allowed || resp.Status.Code != 400 {
		t.Fatalf("malformed: %v %s", err, got)
	}
	// A done context stops before the call.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := v.Review(ctx, review("u-3", "CREATE", goodStream)); !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
}

func TestConfig(t *testing.T) {
	v := newValidator(t, &Options{World: OpenWorld, Config: []byte("policy:\n  requireDigest: true\n")})
	got, err := v.Review(context.Background(), review("u-4", "CREATE", goodStream))
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := ParseAnswer(got)
	if resp.Allowed || resp.Status.Details.Causes[0].Field != "spec.tags[latest].from.name" {
		t.Fatalf("policy not applied: %s", got)
	}
	_, err = New(&Options{Config: []byte("rules: {Z9: off}")})
	var e *Error
	if !errors.As(err, &e) || e.Detail != `config: rules: unknown rule id "Z9" (see docs/rules.md)` {
		t.Fatalf("want a parse error, got %v", err)
	}
	if !strings.Contains(err.Error(), "ISC_EPARSE") {
		t.Fatalf("error text %q", err)
	}
}

func TestRules(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range Rules() {
		ids[r.ID] = true
	}
	for _, id := range []string{"S3", "M1", "P1", "P6"} {
		if !ids[id] {
			t.Errorf("rule %s missing", id)
		}
	}
}

func TestHandler(t *testing.T) {
	v := newValidator(t, &Options{World: OpenWorld})
	srv := httptest.NewTLSServer(&Handler{Validator: v, MaxBodyBytes: 4096})
	defer srv.Close()
	client := srv.Client()

	resp, err := client.Post(srv.URL, "application/json", bytes.NewReader(review("h-1", "CREATE", goodStream)))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" ||
		!strings.Contains(string(body), `"uid":"h-1","allowed":true`) {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	resp, err = client.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %d", resp.StatusCode)
	}
	resp, err = client.Post(srv.URL, "application/json", bytes.NewReader(make([]byte, 5000)))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), `"reason":"RequestEntityTooLarge"`) {
		t.Fatalf("large body: %d %s", resp.StatusCode, body)
	}
}

func TestConcurrentReviews(t *testing.T) {
	v := newValidator(t, &Options{World: OpenWorld})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				uid := fmt.Sprintf("g%d-%d", g, i)
				got, err := v.Review(context.Background(), review(uid, "CREATE", goodStream))
				if err != nil {
					errs <- err
					return
				}
				resp, err := ParseAnswer(got)
				if err != nil || !resp.Allowed || resp.UID != uid {
					errs <- fmt.Errorf("%s: %v %s", uid, err, got)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestClosed(t *testing.T) {
	v, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	v.Close()
	if _, err := v.Review(context.Background(), nil); err != ErrClosed {
		t.Fatalf("want ErrClosed, got %v", err)
	}
}

func ExampleValidator_Review() {
	v, err := New(&Options{World: OpenWorld})
	if err != nil {
		panic(err)
	}
	defer v.Close()
	answer, _ := v.Review(context.Background(), review("example", "CREATE",
		strings.Replace(goodStream, `"quay.io/demo/app:1.0"`, `"Quay.io/App"`, 1)))
	resp, _ := ParseAnswer(answer)
	fmt.Println(resp.Allowed, resp.Status.Code)
	fmt.Println(resp.Status.Details.Causes[0].Field + ": " + resp.Status.Details.Causes[0].Message)
	// Output:
	// false 422
	// spec.tags[latest].from.name: Invalid value: "Quay.io/App": repository name must be lowercase
}
