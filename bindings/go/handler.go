package isconform

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
)

// DefaultMaxBodyBytes is the API server's own request body limit (3 MiB).
const DefaultMaxBodyBytes = 3 << 20

// Handler serves AdmissionReviews over HTTP: POST a review, get the answer
// (always HTTP 200 with an AdmissionReview, as the API server expects, also
// for a malformed review). Other methods get 405, bodies over MaxBodyBytes
// get 413, both with a Kubernetes Status body.
type Handler struct {
	Validator    *Validator
	MaxBodyBytes int64 // 0: DefaultMaxBodyBytes
}

// NewHandler returns a Handler with the default body limit.
func NewHandler(v *Validator) *Handler { return &Handler{Validator: v} }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeStatus(w, http.StatusMethodNotAllowed, "MethodNotAllowed", r.Method+" is not allowed on "+r.URL.Path)
		return
	}
	limit := h.MaxBodyBytes
	if limit <= 0 {
		limit = DefaultMaxBodyBytes
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeStatus(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge",
				"the request body is larger than the limit of "+strconv.FormatInt(limit, 10)+" bytes")
			return
		}
		writeStatus(w, http.StatusBadRequest, "BadRequest", "reading the request body: "+err.Error())
		return
	}
	answer, err := h.Validator.Review(r.Context(), body)
	if err != nil {
		writeStatus(w, http.StatusInternalServerError, "InternalError", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(answer)
}

// status is a Kubernetes metav1.Status for errors outside the review protocol.
type status struct {
	Kind       string            `json:"kind"`
	APIVersion string            `json:"apiVersion"`
	Metadata   map[string]string `json:"metadata"`
	Status     string            `json:"status"`
	Message    string            `json:"message"`
	Reason     string            `json:"reason"`
	Code       int               `json:"code"`
}

func writeStatus(w http.ResponseWriter, code int, reason, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(status{Kind: "Status", APIVersion: "v1", Metadata: map[string]string{},
		Status: "Failure", Message: message, Reason: reason, Code: code})
}

// AdmissionResponse is the part of an answer callers usually inspect.
type AdmissionResponse struct {
	UID      string           `json:"uid"`
	Allowed  bool             `json:"allowed"`
	Status   *AdmissionStatus `json:"status,omitempty"`
	Warnings []string         `json:"warnings,omitempty"`
}

// AdmissionStatus is the Status of a rejection (metav1.Status).
type AdmissionStatus struct {
	Message string `json:"message"`
	Reason  string `json:"reason"`
	Code    int    `json:"code"`
	Details *struct {
		Name   string  `json:"name"`
		Group  string  `json:"group"`
		Kind   string  `json:"kind"`
		Causes []Cause `json:"causes"`
	} `json:"details,omitempty"`
}

// Cause is one field error of a 422 (metav1.StatusCause).
type Cause struct {
	Reason  string `json:"reason"`
	Message string `json:"message"`
	Field   string `json:"field"`
}

// ParseAnswer decodes the response part of an answer from Review.
func ParseAnswer(answer []byte) (*AdmissionResponse, error) {
	var review struct {
		Response *AdmissionResponse `json:"response"`
	}
	if err := json.Unmarshal(answer, &review); err != nil {
		return nil, err
	}
	if review.Response == nil {
		return nil, errors.New("isconform: the answer has no response")
	}
	return review.Response, nil
}
