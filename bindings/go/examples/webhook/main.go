// Command webhook is a minimal ImageStream validating admission webhook in
// Go over the isconform binding: TLS 1.2+, POST /validate, GET /healthz and
// /readyz, graceful shutdown on SIGTERM. `isconform serve` is the production
// server; this shows how to embed the library in a Go program.
//
//	go run ./examples/webhook -listen :8443 -tls-cert tls.crt -tls-key tls.key
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	isconform "github.com/isconform/isconform/bindings/go"
)

func main() {
	listen := flag.String("listen", ":8443", "address to listen on")
	certFile := flag.String("tls-cert", "", "PEM certificate")
	keyFile := flag.String("tls-key", "", "PEM private key")
	envFile := flag.String("environment", "", "server environment (JSON or YAML)")
	configFile := flag.String("config", "", "rule severities and policy (JSON or YAML)")
	flag.Parse()
	if *certFile == "" || *keyFile == "" {
		log.Fatal("-tls-cert and -tls-key are required")
	}

	opts := &isconform.Options{World: isconform.OpenWorld}
	var err error
	if *envFile != "" {
		if opts.Environment, err = os.ReadFile(*envFile); err != nil {
			log.Fatal(err)
		}
	}
	if *configFile != "" {
		if opts.Config, err = os.ReadFile(*configFile); err != nil {
			log.Fatal(err)
		}
	}
	v, err := isconform.New(opts)
	if err != nil {
		log.Fatal(err)
	}
	defer v.Close()

	var ready atomic.Bool
	mux := http.NewServeMux()
	mux.Handle("/validate", isconform.NewHandler(v))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok\n")) })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready.Load() {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	srv := &http.Server{
		Addr:              *listen,
		Handler:           mux,
		TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		ready.Store(false)
		shutdown, cancel := context.WithTimeout(context.Background(), 25*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown) // in-flight requests finish
	}()
	ready.Store(true)
	log.Printf("isconform %s webhook listening on %s", isconform.Version(), *listen)
	if err := srv.ListenAndServeTLS(*certFile, *keyFile); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
