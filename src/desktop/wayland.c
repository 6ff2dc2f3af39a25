// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The compositor conversation of wayland.h: is there a
 * wp_security_context_manager_v1, and if so, a listening socket of ours
 * registered with it.  libwayland-client does the wire protocol; it is
 * loaded with dlopen only when a Wayland socket is to be passed in, so
 * that every other launch is spared its loading and relocation.
 */
#include "wayland.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <wayland-client-core.h>
#include <wayland-client-protocol.h>

#include "desktop.h"
#include "fspath.h"
#include "helper.h"

/* --- pure ------------------------------------------------------------- */

void wayland_app_id(const char *profile_label, const char *program,
		    char *buf, size_t size)
{
	const char *name = profile_label ? profile_label : program;
	const char *end, *base;
	size_t len;

	if (!name)
		name = "";
	/* "a.profile,b.profile": the first one names the application */
	end = profile_label ? strchrnul(name, ',') : name + strlen(name);
	base = memrchr(name, '/', (size_t)(end - name));
	base = base ? base + 1 : name;
	len = (size_t)(end - base);
	if (profile_label && len >= strlen(".profile") &&
	    memcmp(end - strlen(".profile"), ".profile", strlen(".profile")) == 0)
		len -= strlen(".profile");
	if (len == 0) {
		snprintf(buf, size, "%s", WAYLAND_SANDBOX_ENGINE);
		return;
	}
	snprintf(buf, size, "%.*s", (int)len, base);
}

/* Does @op change what the sandbox sees at @path?  A rebind only changes
 * flags (a socket on a read-only mount still takes connections), and a
 * host mkdir happens outside. */
static bool covers(const struct mount_op *op, const char *path)
{
	switch (op->type) {
	case MOUNT_OP_REBIND:
	case MOUNT_OP_HOST_MKDIR:
	case MOUNT_OP_HOST_MKFILE:
		return false;
	default:
		return op->dst && path_under(path, op->dst);
	}
}

ssize_t wayland_plan_find_socket(const struct mount_plan *plan,
				 const char *path)
{
	/* the last operation at @path or above it is what the sandbox sees */
	for (size_t i = plan->n; i-- > 0;) {
		const struct mount_op *op = &plan->ops[i];

		if (!covers(op, path))
			continue;
		if (op->type == MOUNT_OP_BIND && strcmp(op->dst, path) == 0 &&
		    op->src && strcmp(op->src, path) == 0)
			return (ssize_t)i;
		return -1; /* hidden (a blacklist), or shown otherwise */
	}
	return -1;
}

int wayland_plan_use_socket(struct mount_plan *plan, size_t i,
			    const char *own, struct nb_error *err)
{
	char *src = strdup(own);

	if (!src)
		return nb_fail(err, ENOMEM, "wayland");
	free(plan->ops[i].src);
	plan->ops[i].src = src;
	/* as xdg-dbus-proxy's sockets: in the launcher's own registry entry */
	plan->ops[i].flags = MOUNT_F_USER;
	return 0;
}

/* --- the protocol ------------------------------------------------------ */

/*
 * wp_security_context_manager_v1 and wp_security_context_v1, version 1,
 * as staging/security-context/security-context-v1.xml of
 * wayland-protocols (1.32 and later) defines them: Debian 12 ships 1.31,
 * without it, so the two interfaces are described here.  Requests only
 * (neither has events), in the protocol's order, which gives the
 * opcodes; signatures: n new_id, h fd, s string.
 */
static const struct wl_interface context_interface;

static const struct wl_interface *const no_types[] = { NULL };
static const struct wl_interface *const create_listener_types[] = {
	&context_interface, NULL, NULL,
};

enum { MANAGER_DESTROY, MANAGER_CREATE_LISTENER };
static const struct wl_message manager_requests[] = {
	{ "destroy", "", (const struct wl_interface **)no_types },
	{ "create_listener", "nhh",
	  (const struct wl_interface **)create_listener_types },
};

enum {
	CONTEXT_DESTROY,
	CONTEXT_SET_SANDBOX_ENGINE,
	CONTEXT_SET_APP_ID,
	CONTEXT_SET_INSTANCE_ID,
	CONTEXT_COMMIT,
};
static const struct wl_message context_requests[] = {
	{ "destroy", "", (const struct wl_interface **)no_types },
	{ "set_sandbox_engine", "s", (const struct wl_interface **)no_types },
	{ "set_app_id", "s", (const struct wl_interface **)no_types },
	{ "set_instance_id", "s", (const struct wl_interface **)no_types },
	{ "commit", "", (const struct wl_interface **)no_types },
};

static const struct wl_interface manager_interface = {
	"wp_security_context_manager_v1", 1, 2, manager_requests, 0, NULL,
};
static const struct wl_interface context_interface = {
	"wp_security_context_v1", 1, 5, context_requests, 0, NULL,
};

/* --- libwayland-client, loaded when needed ----------------------------- */

struct wayland_lib {
	__typeof__(wl_display_connect_to_fd) *connect_to_fd;
	__typeof__(wl_display_disconnect) *disconnect;
	__typeof__(wl_display_get_fd) *get_fd;
	__typeof__(wl_display_dispatch_pending) *dispatch_pending;
	__typeof__(wl_display_prepare_read) *prepare_read;
	__typeof__(wl_display_cancel_read) *cancel_read;
	__typeof__(wl_display_read_events) *read_events;
	__typeof__(wl_display_flush) *flush;
	__typeof__(wl_display_get_error) *get_error;
	__typeof__(wl_display_get_protocol_error) *get_protocol_error;
	__typeof__(wl_proxy_marshal_flags) *marshal_flags;
	__typeof__(wl_proxy_add_listener) *add_listener;
	__typeof__(wl_proxy_get_version) *get_version;
	__typeof__(wl_proxy_destroy) *proxy_destroy;
	const struct wl_interface *registry_interface, *callback_interface;
};

#define SYMBOL(field, name) { offsetof(struct wayland_lib, field), name }
static const struct {
	size_t offset;
	const char *name;
} symbols[] = {
	SYMBOL(connect_to_fd, "wl_display_connect_to_fd"),
	SYMBOL(disconnect, "wl_display_disconnect"),
	SYMBOL(get_fd, "wl_display_get_fd"),
	SYMBOL(dispatch_pending, "wl_display_dispatch_pending"),
	SYMBOL(prepare_read, "wl_display_prepare_read"),
	SYMBOL(cancel_read, "wl_display_cancel_read"),
	SYMBOL(read_events, "wl_display_read_events"),
	SYMBOL(flush, "wl_display_flush"),
	SYMBOL(get_error, "wl_display_get_error"),
	SYMBOL(get_protocol_error, "wl_display_get_protocol_error"),
	/* 1.20 and later: Debian 12 has 1.21 */
	SYMBOL(marshal_flags, "wl_proxy_marshal_flags"),
	SYMBOL(add_listener, "wl_proxy_add_listener"),
	SYMBOL(get_version, "wl_proxy_get_version"),
	SYMBOL(proxy_destroy, "wl_proxy_destroy"),
	SYMBOL(registry_interface, "wl_registry_interface"),
	SYMBOL(callback_interface, "wl_callback_interface"),
};

#define LIBWAYLAND_CLIENT "libwayland-client.so.0"

/* Loaded once, kept: nothing is gained by unloading it. */
static const struct wayland_lib *load_lib(char *why, size_t size)
{
	static struct wayland_lib lib;
	static bool loaded;
	void *handle;

	if (loaded)
		return &lib;
	handle = dlopen(LIBWAYLAND_CLIENT, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		snprintf(why, size, "cannot load %s (%s)", LIBWAYLAND_CLIENT,
			 dlerror());
		return NULL;
	}
	for (size_t i = 0; i < sizeof(symbols) / sizeof(*symbols); i++) {
		void *sym = dlsym(handle, symbols[i].name);

		if (!sym) {
			snprintf(why, size, "%s has no %s", LIBWAYLAND_CLIENT,
				 symbols[i].name);
			dlclose(handle);
			return NULL;
		}
		memcpy((char *)&lib + symbols[i].offset, &sym, sizeof(sym));
	}
	loaded = true;
	return &lib;
}

/* --- the conversation -------------------------------------------------- */

struct wayland_client {
	const struct wayland_lib *lib;
	struct wl_display *display;
	struct wl_proxy *registry;
	uint32_t manager_name;	/* the global's, when has_manager */
	bool has_manager;
	struct wl_proxy *manager, *context;	/* registering */
	struct wl_proxy *sync;	/* sent, its "done" not yet seen */
	bool synced;
};

static void close_fdp(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
#define cleanup_fd __attribute__((cleanup(close_fdp)))

static void on_global(void *data, struct wl_registry *registry, uint32_t name,
		      const char *interface, uint32_t version)
{
	struct wayland_client *c = data;

	(void)registry;
	(void)version;	/* any: version 1 is all we ask for */
	if (strcmp(interface, manager_interface.name) == 0) {
		c->manager_name = name;
		c->has_manager = true;
	}
}

static void on_global_remove(void *data, struct wl_registry *registry,
			     uint32_t name)
{
	struct wayland_client *c = data;

	(void)registry;
	if (c->has_manager && c->manager_name == name)
		c->has_manager = false;
}

static const struct wl_registry_listener registry_listener = {
	.global = on_global,
	.global_remove = on_global_remove,
};

static void on_done(void *data, struct wl_callback *callback, uint32_t serial)
{
	(void)callback;
	(void)serial;
	*(bool *)data = true;
}

static const struct wl_callback_listener callback_listener = {
	.done = on_done,
};

/* Wait for the compositor's fd to be ready for @events: 1, or 0 when
 * the deadline passed, -1 on error. */
static int wait_fd(int fd, short events, long long deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int n;

	do
		n = poll(&pfd, 1, helper_ms_left(deadline));
	while (n < 0 && errno == EINTR);
	return n;
}

/*
 * wl_display_roundtrip() in two halves, with a deadline: a compositor
 * that hangs must not hang the launch.  sync_send() flushes the requests
 * made so far and a sync; sync_wait() dispatches what comes back until
 * the sync's "done" (the registry's globals, or a protocol error), so
 * that the launch can do something else in between.
 */
static int sync_send(struct wayland_client *c)
{
	const struct wayland_lib *l = c->lib;
	struct wl_proxy *display = (struct wl_proxy *)c->display;

	c->synced = false;
	c->sync = l->marshal_flags(display, WL_DISPLAY_SYNC,
				   l->callback_interface,
				   l->get_version(display), 0, NULL);
	if (!c->sync)
		return -1;
	l->add_listener(c->sync, (void (**)(void))&callback_listener,
			&c->synced);
	/* what does not fit now goes in sync_wait() */
	if (l->flush(c->display) < 0 && errno != EAGAIN)
		return -1;
	return 0;
}

static int sync_wait(struct wayland_client *c, int timeout_ms)
{
	const struct wayland_lib *l = c->lib;
	int fd = l->get_fd(c->display);
	long long deadline = helper_deadline(timeout_ms);
	int rc = 0;

	while (!c->synced && rc == 0) {
		int n;

		if (l->prepare_read(c->display) < 0) {
			rc = l->dispatch_pending(c->display) < 0 ? -1 : 0;
			continue;
		}
		while ((n = l->flush(c->display)) < 0 && errno == EAGAIN &&
		       wait_fd(fd, POLLOUT, deadline) > 0)
			;
		n = n < 0 && errno != EPIPE ? -1 : wait_fd(fd, POLLIN, deadline);
		if (n <= 0) {
			l->cancel_read(c->display);
			if (n == 0)
				errno = ETIMEDOUT;
			rc = -1;
			break;
		}
		if (l->read_events(c->display) < 0 ||
		    l->dispatch_pending(c->display) < 0)
			rc = -1;
	}
	l->proxy_destroy(c->sync);
	c->sync = NULL;
	return rc;
}

/* Why the conversation failed: the compositor's protocol error, or the
 * connection's. */
static void describe_failure(struct wayland_client *c, char *why, size_t size)
{
	const struct wl_interface *iface = NULL;
	int e = c->lib->get_error(c->display);
	uint32_t id = 0, code;

	if (e == EPROTO) {
		code = c->lib->get_protocol_error(c->display, &iface, &id);
		snprintf(why, size, "protocol error %u on %s", code,
			 iface ? iface->name : "an object it destroyed");
	} else {
		snprintf(why, size, "%s", strerror(e ? e : errno));
	}
}

/* Our side only: a registration outlives its objects and the
 * connection (the protocol says so). */
static void client_free(struct wayland_client *c)
{
	if (!c)
		return;
	if (c->sync)
		c->lib->proxy_destroy(c->sync);
	if (c->context)
		c->lib->proxy_destroy(c->context);
	if (c->manager)
		c->lib->proxy_destroy(c->manager);
	if (c->registry)
		c->lib->proxy_destroy(c->registry);
	if (c->display)
		c->lib->disconnect(c->display);
	free(c);
}

/* Connect to the socket at @path and ask for the globals (the answer
 * is client_listed()'s); NULL with @why when the compositor is not there
 * to ask. */
static struct wayland_client *client_open(const char *path, char *why,
					  size_t size)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct wayland_client *c;
	const struct wayland_lib *l;
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		snprintf(why, size, "%s: path too long", path);
		return NULL;
	}
	l = load_lib(why, size);
	if (!l)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(why, size, "%s", strerror(ENOMEM));
		return NULL;
	}
	c->lib = l;
	memcpy(addr.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		snprintf(why, size, "cannot connect to %s (%s)", path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		free(c);
		return NULL;
	}
	c->display = l->connect_to_fd(fd); /* it owns @fd, even on failure */
	if (!c->display) {
		snprintf(why, size, "%s", strerror(errno));
		free(c);
		return NULL;
	}
	c->registry = l->marshal_flags((struct wl_proxy *)c->display,
				       WL_DISPLAY_GET_REGISTRY,
				       l->registry_interface,
				       l->get_version((struct wl_proxy *)c->display),
				       0, NULL);
	if (!c->registry) {
		snprintf(why, size, "%s", strerror(errno));
		client_free(c);
		return NULL;
	}
	l->add_listener(c->registry, (void (**)(void))&registry_listener, c);
	if (sync_send(c) < 0) {
		describe_failure(c, why, size);
		client_free(c);
		return NULL;
	}
	return c;
}

/* The globals have come (has_manager says if the one we want is
 * there): 0; -1 with @why. */
static int client_listed(struct wayland_client *c, const char *path,
			 char *why, size_t size)
{
	if (sync_wait(c, WAYLAND_TIMEOUT_MS) == 0)
		return 0;
	if (errno == ETIMEDOUT)
		snprintf(why, size, "the compositor at %s did not answer within %d s",
			 path, WAYLAND_TIMEOUT_MS / 1000);
	else
		describe_failure(c, why, size);
	return -1;
}

void wayland_probe_start(struct wayland_context *wl, bool dry_run, uid_t uid)
{
	struct stat st;

	if (dry_run)
		return;
	desktop_wayland_path(uid, getenv("WAYLAND_DISPLAY"),
			     wl->path, sizeof(wl->path));
	/* no socket, no compositor: the usual case costs a stat */
	if (stat(wl->path, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		snprintf(wl->why, sizeof(wl->why), "%s is not a socket",
			 wl->path);
		return;
	}
	wl->client = client_open(wl->path, wl->why, sizeof(wl->why));
}

int wayland_prepare(struct wayland_context *wl, struct mount_plan *plan,
		    const struct wayland_names *names, struct nb_error *err)
{
	struct wayland_client *c = wl->client;
	ssize_t op;

	wl->client = NULL;
	op = wl->path[0] ? wayland_plan_find_socket(plan, wl->path) : -1;
	if (op < 0) {
		/* not there, hidden, or shown with its directory (whitelist
		 * ${RUNUSER}): nothing to tell the compositor */
		if (c)
			nb_debug("wayland: the plan binds no socket at %s of its own (hidden, or shown with its directory): nothing registered with the compositor",
				 wl->path);
		client_free(c);
		return 0;
	}
	if (!c || client_listed(c, wl->path, wl->why, sizeof(wl->why)) < 0) {
		/* as before this existed: what the program would meet */
		nb_debug("wayland: %s: its socket is passed as it is", wl->why);
		client_free(c);
		return 0;
	}
	if (!c->has_manager) {
		nb_debug("wayland: the compositor has no wp_security_context_v1: its socket is passed as it is");
		client_free(c);
		return 0;
	}
	if (snprintf(wl->socket, sizeof(wl->socket), "%s/%s/%s",
		     names->registry_dir, names->id, WAYLAND_OWN_SOCKET) >= (int)sizeof(wl->socket)) {
		client_free(c);
		wl->socket[0] = '\0';
		return nb_fail(err, ENAMETOOLONG, "wayland: %s",
			       names->registry_dir);
	}
	wayland_app_id(names->profile_label, names->program, wl->app_id,
		       sizeof(wl->app_id));
	snprintf(wl->instance_id, sizeof(wl->instance_id), "%s", names->id);
	if (wayland_plan_use_socket(plan, (size_t)op, wl->socket,
				    err) < 0) {
		client_free(c);
		wl->socket[0] = '\0';
		return -1;
	}
	wl->client = c;
	wl->used = true;
	return 0;
}

/* create_listener, the three names, commit, and a sync: sent, not
 * waited for (wayland_ready() does). */
static int register_context(struct wayland_context *wl, int listen_fd,
			    int close_fd)
{
	struct wayland_client *c = wl->client;
	const struct wayland_lib *l = c->lib;

	c->manager = l->marshal_flags(c->registry, WL_REGISTRY_BIND,
				      &manager_interface, 1, 0, c->manager_name,
				      manager_interface.name, 1, NULL);
	if (!c->manager)
		return -1;
	/* libwayland keeps copies of the two descriptors until sent */
	c->context = l->marshal_flags(c->manager, MANAGER_CREATE_LISTENER,
				      &context_interface, 1, 0, NULL, listen_fd,
				      close_fd);
	if (!c->context)
		return -1;
	l->marshal_flags(c->context, CONTEXT_SET_SANDBOX_ENGINE, NULL, 1, 0,
			 WAYLAND_SANDBOX_ENGINE);
	l->marshal_flags(c->context, CONTEXT_SET_APP_ID, NULL, 1, 0,
			 wl->app_id);
	l->marshal_flags(c->context, CONTEXT_SET_INSTANCE_ID, NULL, 1, 0,
			 wl->instance_id);
	l->marshal_flags(c->context, CONTEXT_COMMIT, NULL, 1, 0);
	return sync_send(c);
}

static int refused(struct wayland_context *wl, const char *why,
		   struct nb_error *err)
{
	client_free(wl->client);
	wl->client = NULL;
	return nb_fail(err, 0,
		       "wayland: the compositor offers wp_security_context_v1 but did not register this sandbox's socket (%s); its own socket is not passed instead",
		       why);
}

int wayland_start(struct wayland_context *wl, int entry_fd,
		  struct nb_error *err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	cleanup_fd int listen_fd = -1;
	int pipefd[2], rc;

	if (!wl->used)
		return 0;
	/* by the entry's descriptor: short, whatever the entry's path */
	snprintf(addr.sun_path, sizeof(addr.sun_path), "/proc/self/fd/%d/%s",
		 entry_fd, WAYLAND_OWN_SOCKET);
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listen_fd < 0 ||
	    bind(listen_fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(listen_fd, SOMAXCONN) < 0)
		return nb_fail(err, errno, "wayland: listen on %s", wl->socket);
	/* Made after every helper was forked: the launcher alone holds the
	 * write end, so the compositor stops listening when it ends, even
	 * killed. */
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return nb_fail(err, errno, "pipe");
	rc = register_context(wl, listen_fd, pipefd[0]);
	close(pipefd[0]);
	wl->close_fd = pipefd[1];
	if (rc < 0) {
		char why[512];

		describe_failure(wl->client, why, sizeof(why));
		return refused(wl, why, err);
	}
	return 0;
}

/* The compositor's answer comes while newuidmap runs; the program is
 * not released before it has come. */
int wayland_ready(struct wayland_context *wl, struct nb_error *err)
{
	char why[512];

	if (!wl->client)
		return 0;
	if (sync_wait(wl->client, WAYLAND_TIMEOUT_MS) < 0) {
		if (errno == ETIMEDOUT)
			snprintf(why, sizeof(why), "it did not answer within %d s",
				 WAYLAND_TIMEOUT_MS / 1000);
		else
			describe_failure(wl->client, why, sizeof(why));
		return refused(wl, why, err);
	}
	client_free(wl->client);
	wl->client = NULL;
	nb_debug("wayland: the compositor's wp_security_context_v1 listens on %s for this sandbox: engine %s, app id %s, instance id %s",
		 wl->socket, WAYLAND_SANDBOX_ENGINE, wl->app_id, wl->instance_id);
	return 0;
}

void wayland_forget_connection(struct wayland_context *wl)
{
	struct wayland_client *c = wl->client;

	if (c && c->display)
		close(c->lib->get_fd(c->display));
}

void wayland_stop(struct wayland_context *wl)
{
	client_free(wl->client);
	wl->client = NULL;
	if (wl->close_fd >= 0)
		close(wl->close_fd);
	wl->close_fd = -1;
	if (wl->used && wl->socket[0])
		unlink(wl->socket);
	wl->used = false;
}
