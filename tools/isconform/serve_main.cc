// isconform-serve: the webhook server as its own executable (what
// `isconform serve` runs), so that the CLI does not load the TLS stack.
#include "webhook.hh"

int main(int argc, char **argv) { return cli::cmd_serve(argc - 1, argv + 1); }
