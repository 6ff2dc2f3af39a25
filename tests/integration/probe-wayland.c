// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A stand-in Wayland compositor, for tests/integration/desktop.sh.  No
 * compositor Debian 12 packages implements wp_security_context_v1
 * (weston 10, sway 1.7 / wlroots 0.15, mutter 43 do not), so the tests
 * of nestbox's side of it need one that does: this one, with
 * libwayland-server, implements the protocol as
 * staging/security-context/security-context-v1.xml of wayland-protocols
 * describes it, and next to it only wl_compositor (a global to list;
 * no surfaces).  It runs outside the sandbox, as the caller.
 *
 *   probe-wayland NAME [reject]
 *
 * listens on $XDG_RUNTIME_DIR/NAME; `reject` answers every commit with
 * the invalid_metadata error, as a compositor that refuses a sandbox
 * would.  As a compositor should, it hides the manager from clients that
 * came through a security context (no nesting).  One line on stdout per
 * event:
 *
 *   client direct                          a connection on NAME
 *   listen ENGINE APP_ID INSTANCE_ID       a context committed
 *   client context ENGINE APP_ID INSTANCE_ID   a connection on a
 *                                          context's listening socket
 *   closed APP_ID INSTANCE_ID              its close_fd hung up: it no
 *                                          longer listens
 *   rejected APP_ID                        (reject) the error was sent
 *
 * SIGTERM ends it, removing its socket.
 */
#include <signal.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wayland-server-core.h>
#include <wayland-server-protocol.h>

/* The protocol's two interfaces (requests only), as in src/desktop/wayland.c. */
static const struct wl_interface context_interface;
static const struct wl_interface *no_types[] = { NULL };
static const struct wl_interface *create_listener_types[] = {
	&context_interface, NULL, NULL,
};
static const struct wl_message manager_requests[] = {
	{ "destroy", "", no_types },
	{ "create_listener", "nhh", create_listener_types },
};
static const struct wl_message context_requests[] = {
	{ "destroy", "", no_types },
	{ "set_sandbox_engine", "s", no_types },
	{ "set_app_id", "s", no_types },
	{ "set_instance_id", "s", no_types },
	{ "commit", "", no_types },
};
static const struct wl_interface manager_interface = {
	"wp_security_context_manager_v1", 1, 2, manager_requests, 0, NULL,
};
static const struct wl_interface context_interface = {
	"wp_security_context_v1", 1, 5, context_requests, 0, NULL,
};

#define CONTEXT_ERROR_ALREADY_USED 1
#define CONTEXT_ERROR_ALREADY_SET 2
#define CONTEXT_ERROR_INVALID_METADATA 3

struct context {
	int listen_fd, close_fd;
	char *engine, *app_id, *instance_id;
	bool committed;
	struct wl_event_source *listen_source, *close_source;
	struct wl_resource *resource;	/* NULL once destroyed */
};

static struct wl_display *display;
static struct wl_global *manager_global;
static bool reject;

/* The clients that came through a context (a test makes a few). */
#define MAX_CLIENTS 256
static struct wl_client *context_clients[MAX_CLIENTS];
static struct context *creating;	/* set while one is made */

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static bool via_context(const struct wl_client *client)
{
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (context_clients[i] == client)
			return true;
	return false;
}

static void on_client_destroyed(struct wl_listener *l, void *data)
{
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (context_clients[i] == data)
			context_clients[i] = NULL;
	free(l);
}

static void on_client_created(struct wl_listener *l, void *data)
{
	(void)l;
	(void)data;
	if (!creating)
		printf("client direct\n");
}

static struct wl_listener client_created = { .notify = on_client_created };

static bool global_filter(const struct wl_client *client,
			  const struct wl_global *global, void *data)
{
	(void)data;
	return !(global == manager_global && via_context(client));
}

static void stop_listening(struct context *c)
{
	if (c->listen_source)
		wl_event_source_remove(c->listen_source);
	if (c->close_source)
		wl_event_source_remove(c->close_source);
	if (c->resource)
		wl_resource_set_user_data(c->resource, NULL);
	close(c->listen_fd);
	close(c->close_fd);
	free(c->engine);
	free(c->app_id);
	free(c->instance_id);
	free(c);
}

static int on_listen(int fd, uint32_t mask, void *data)
{
	struct context *c = data;
	struct wl_client *client;
	struct wl_listener *gone;
	int conn;

	(void)mask;
	conn = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	if (conn < 0)
		return 0;
	creating = c;
	client = wl_client_create(display, conn);
	creating = NULL;
	if (!client)
		return 0;
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (!context_clients[i]) {
			context_clients[i] = client;
			break;
		}
	gone = calloc(1, sizeof(*gone));
	if (gone) {
		gone->notify = on_client_destroyed;
		wl_client_add_destroy_listener(client, gone);
	}
	printf("client context %s %s %s\n", or_dash(c->engine),
	       or_dash(c->app_id), or_dash(c->instance_id));
	return 0;
}

static int on_close(int fd, uint32_t mask, void *data)
{
	struct context *c = data;

	(void)fd;
	(void)mask;
	printf("closed %s %s\n", or_dash(c->app_id), or_dash(c->instance_id));
	stop_listening(c);
	return 0;
}

static void context_destroy(struct wl_client *client,
			    struct wl_resource *resource)
{
	(void)client;
	wl_resource_destroy(resource);
}

/* The context's state outlives its object once committed (the
 * protocol: the compositor keeps listening after the client is gone). */
static void context_resource_destroyed(struct wl_resource *resource)
{
	struct context *c = wl_resource_get_user_data(resource);

	if (!c)
		return;
	c->resource = NULL;
	if (!c->committed)
		stop_listening(c);
}

/* FIELD of the context: its offset in struct context. */
static void set_string(struct wl_resource *resource, size_t field,
		       const char *value)
{
	struct context *c = wl_resource_get_user_data(resource);
	char **s;

	if (!c)
		return;
	s = (char **)((char *)c + field);
	if (*s) {
		wl_resource_post_error(resource, CONTEXT_ERROR_ALREADY_SET,
				       "already set");
		return;
	}
	*s = strdup(value);
}

static void set_engine(struct wl_client *client, struct wl_resource *resource,
		       const char *name)
{
	(void)client;
	set_string(resource, offsetof(struct context, engine), name);
}

static void set_app_id(struct wl_client *client, struct wl_resource *resource,
		       const char *app_id)
{
	(void)client;
	set_string(resource, offsetof(struct context, app_id), app_id);
}

static void set_instance_id(struct wl_client *client,
			    struct wl_resource *resource,
			    const char *instance_id)
{
	(void)client;
	set_string(resource, offsetof(struct context, instance_id),
		   instance_id);
}

static void commit(struct wl_client *client, struct wl_resource *resource)
{
	struct context *c = wl_resource_get_user_data(resource);
	struct wl_event_loop *loop = wl_display_get_event_loop(display);

	(void)client;
	if (!c)
		return;
	if (c->committed) {
		wl_resource_post_error(resource, CONTEXT_ERROR_ALREADY_USED,
				       "already committed");
		return;
	}
	if (reject) {
		printf("rejected %s\n", or_dash(c->app_id));
		wl_resource_post_error(resource, CONTEXT_ERROR_INVALID_METADATA,
				       "the stand-in compositor rejects every security context");
		return;
	}
	c->committed = true;
	c->listen_source = wl_event_loop_add_fd(loop, c->listen_fd,
						WL_EVENT_READABLE, on_listen, c);
	/* a pipe's read end: readable or hung up when the writer closes */
	c->close_source = wl_event_loop_add_fd(loop, c->close_fd,
					       WL_EVENT_READABLE, on_close, c);
	printf("listen %s %s %s\n", or_dash(c->engine), or_dash(c->app_id),
	       or_dash(c->instance_id));
}

static const struct {
	void (*destroy)(struct wl_client *, struct wl_resource *);
	void (*set_sandbox_engine)(struct wl_client *, struct wl_resource *,
				   const char *);
	void (*set_app_id)(struct wl_client *, struct wl_resource *,
			   const char *);
	void (*set_instance_id)(struct wl_client *, struct wl_resource *,
				const char *);
	void (*commit)(struct wl_client *, struct wl_resource *);
} context_impl = { context_destroy, set_engine, set_app_id, set_instance_id,
		   commit };

static void manager_destroy(struct wl_client *client,
			    struct wl_resource *resource)
{
	(void)client;
	wl_resource_destroy(resource);
}

static void create_listener(struct wl_client *client,
			    struct wl_resource *resource, uint32_t id,
			    int32_t listen_fd, int32_t close_fd)
{
	struct context *c = calloc(1, sizeof(*c));
	struct wl_resource *r;

	if (!c) {
		wl_client_post_no_memory(client);
		return;
	}
	c->listen_fd = listen_fd;
	c->close_fd = close_fd;
	r = wl_resource_create(client, &context_interface,
			       wl_resource_get_version(resource), id);
	if (!r) {
		free(c);
		wl_client_post_no_memory(client);
		return;
	}
	c->resource = r;
	wl_resource_set_implementation(r, &context_impl, c,
				       context_resource_destroyed);
}

static const struct {
	void (*destroy)(struct wl_client *, struct wl_resource *);
	void (*create_listener)(struct wl_client *, struct wl_resource *,
				uint32_t, int32_t, int32_t);
} manager_impl = { manager_destroy, create_listener };

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *r =
		wl_resource_create(client, &manager_interface, (int)version, id);

	(void)data;
	if (!r) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(r, &manager_impl, NULL, NULL);
}

static void bind_compositor(struct wl_client *client, void *data,
			    uint32_t version, uint32_t id)
{
	(void)data;
	if (!wl_resource_create(client, &wl_compositor_interface, (int)version,
				id))
		wl_client_post_no_memory(client);
}

static int on_term(int sig, void *data)
{
	(void)sig;
	(void)data;
	wl_display_terminate(display);
	return 0;
}

int main(int argc, char **argv)
{
	sigset_t set;

	if (argc < 2 || (argc > 2 && strcmp(argv[2], "reject") != 0)) {
		fprintf(stderr, "usage: %s NAME [reject]\n", argv[0]);
		return 2;
	}
	reject = argc > 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* signalfd needs the signal blocked */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	display = wl_display_create();
	if (!display || wl_display_add_socket(display, argv[1]) < 0) {
		perror("wl_display_add_socket");
		return 1;
	}
	wl_display_add_client_created_listener(display, &client_created);
	wl_display_set_global_filter(display, global_filter, NULL);
	wl_global_create(display, &wl_compositor_interface, 4, NULL,
			 bind_compositor);
	manager_global = wl_global_create(display, &manager_interface, 1, NULL,
					  bind_manager);
	wl_event_loop_add_signal(wl_display_get_event_loop(display), SIGTERM,
				 on_term, NULL);
	wl_display_run(display);
	wl_display_destroy_clients(display);
	wl_display_destroy(display);
	return 0;
}
