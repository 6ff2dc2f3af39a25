# Sourced by the bench scripts: what each does before measuring.

# bench_stage BIN: build bench-startup next to BIN, and stage both in a
# fresh directory the bench user can read ($dir, removed on exit).
bench_stage() {
	_out=$(dirname "$1")
	cc -O2 -Wall -Wextra -o "$_out/bench-startup" "$ROOT/bench/startup.c" || exit 1
	dir=$(mktemp -d /tmp/nestbox-bench.XXXXXX)
	trap 'rm -rf "$dir"' EXIT
	chmod 755 "$dir"
	cp "$1" "$dir/nestbox"
	cp "$_out/bench-startup" "$dir/bench-startup"
}
