// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --integrate, --unintegrate, --integrated: the world read from the host
 * (the .desktop files of $XDG_DATA_DIRS, the user's copies and links,
 * the record), the plan made (integrate_plan.c), then carried out or,
 * under --dry-run, printed.
 */
#include "integrate.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dispatch.h"
#include "host.h"
#include "profile_load.h"

#define DESKTOP_MAX (1 << 20)	/* bytes of a .desktop file read */
#define MAX_SOURCES 4096

struct host_world {
	struct integrate_world w;
	struct host_facts *host;	/* for the profile lookup */
	char apps_dir[PATH_MAX], bin_dir[PATH_MAX], state_dir[PATH_MAX];
	char record_path[PATH_MAX + 16];
	char nestbox[PATH_MAX];
	struct integrate_source *sources;
	size_t n_sources;
	struct integrate_record record;
};

/* ------------------------------------------------------- the world */

static bool host_has_profile(const char *program, void *ctx)
{
	struct host_world *hw = ctx;

	return profiles_program_has_own(hw->host, program);
}

static bool host_installed(const char *program, void *ctx)
{
	unsigned self_links;
	char *found = dispatch_find_on_host(program, &self_links);
	bool installed = found != NULL;

	(void)ctx;
	free(found);
	return installed;
}

static char *host_read(const char *path, void *ctx)
{
	(void)ctx;
	return host_read_file(path, DESKTOP_MAX);
}

static int host_read_link(const char *path, char **target, void *ctx)
{
	char buf[PATH_MAX];
	struct stat st;
	ssize_t n;

	(void)ctx;
	*target = NULL;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? -1 : 1;
	if (!S_ISLNK(st.st_mode))
		return 1;
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return 1;
	buf[n] = '\0';
	*target = strdup(buf);
	return *target ? 0 : 1;
}

/* $VAR if it is an absolute path, else HOME/@fallback (the XDG rule). */
static void xdg_dir(char *out, size_t size, const char *var, const char *home,
		    const char *fallback)
{
	const char *v = getenv(var);

	if (v && v[0] == '/')
		snprintf(out, size, "%s", v);
	else
		snprintf(out, size, "%s/%s", home, fallback);
}

static bool source_known(const struct host_world *hw, const char *id)
{
	for (size_t i = 0; i < hw->n_sources; i++)
		if (strcmp(hw->sources[i].id, id) == 0)
			return true;
	return false;
}

/*
 * The .desktop files under @dir (an applications directory), their ids
 * as the specification makes them: the path below it, '/' as '-'.  The
 * first directory of $XDG_DATA_DIRS that has an id wins, as for menus.
 */
static void scan_sources(struct host_world *hw, const char *dir,
			 const char *prefix, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) && hw->n_sources < MAX_SOURCES) {
		char path[PATH_MAX], id[NAME_MAX * 2];
		size_t len = strlen(de->d_name);
		struct integrate_source *grown;
		struct stat st;
		char *text;

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
				     de->d_name) >= sizeof(path) ||
		    (size_t)snprintf(id, sizeof(id), "%s%s", prefix,
				     de->d_name) >= sizeof(id) ||
		    stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			char sub[sizeof(id) + 1];

			snprintf(sub, sizeof(sub), "%s-", id);
			if (depth < 4)
				scan_sources(hw, path, sub, depth + 1);
			continue;
		}
		if (len < 9 || strcmp(de->d_name + len - 8, ".desktop") != 0 ||
		    !S_ISREG(st.st_mode) || source_known(hw, id))
			continue;
		text = host_read_file(path, DESKTOP_MAX);
		if (!text)
			continue;
		grown = realloc(hw->sources, (hw->n_sources + 1) * sizeof(*grown));
		if (!grown) {
			free(text);
			break;
		}
		hw->sources = grown;
		grown[hw->n_sources].id = strdup(id);
		grown[hw->n_sources].path = strdup(path);
		grown[hw->n_sources].text = text;
		hw->n_sources++;
	}
	closedir(d);
}

static void read_sources(struct host_world *hw)
{
	const char *dirs = getenv("XDG_DATA_DIRS");
	char *copy, *save = NULL;

	if (!dirs || !*dirs)
		dirs = "/usr/local/share:/usr/share";
	copy = strdup(dirs);
	if (!copy)
		return;
	for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char apps[PATH_MAX];

		if (d[0] != '/')
			continue;
		snprintf(apps, sizeof(apps), "%s/applications", d);
		/* ours: the copies, never a source */
		if (strcmp(apps, hw->apps_dir) == 0)
			continue;
		scan_sources(hw, apps, "", 0);
	}
	free(copy);
}

static int world_open(struct host_world *hw, bool sources,
		      struct nb_error *err)
{
	struct passwd *pw = getpwuid(getuid());
	char data_home[PATH_MAX - 64], state_home[PATH_MAX - 64];
	char *text;

	memset(hw, 0, sizeof(*hw));
	if (!pw || pw->pw_dir[0] != '/')
		return nb_fail(err, 0, "no home directory in the password database");
	hw->host = calloc(1, sizeof(*hw->host));
	if (!hw->host)
		return nb_fail(err, ENOMEM, "integrate");
	hw->host->uid = getuid();
	hw->host->gid = getgid();
	snprintf(hw->host->home, sizeof(hw->host->home), "%s", pw->pw_dir);
	xdg_dir(data_home, sizeof(data_home), "XDG_DATA_HOME", pw->pw_dir,
		".local/share");
	xdg_dir(state_home, sizeof(state_home), "XDG_STATE_HOME", pw->pw_dir,
		".local/state");
	snprintf(hw->apps_dir, sizeof(hw->apps_dir), "%s/applications", data_home);
	snprintf(hw->bin_dir, sizeof(hw->bin_dir), "%s/.local/bin", pw->pw_dir);
	snprintf(hw->state_dir, sizeof(hw->state_dir), "%s/nestbox", state_home);
	snprintf(hw->record_path, sizeof(hw->record_path), "%s/integrated",
		 hw->state_dir);
	/* what the links and copies run: this nestbox, wherever it is */
	if (!realpath("/proc/self/exe", hw->nestbox))
		return nb_fail(err, errno, "nestbox's own path (/proc/self/exe)");
	text = host_read_file(hw->record_path, 4 << 20);
	if (!text && errno != ENOENT)
		return nb_fail(err, errno, "%s", hw->record_path);
	if (text && integrate_record_parse(hw->record_path, text, &hw->record,
					   err) < 0) {
		free(text);
		return nb_fail_wrap(err, "the record of --integrate (fix or remove it)");
	}
	free(text);
	if (sources)
		read_sources(hw);
	hw->w = (struct integrate_world){
		.apps_dir = hw->apps_dir, .bin_dir = hw->bin_dir,
		.nestbox = hw->nestbox, .sources = hw->sources,
		.n_sources = hw->n_sources, .record = &hw->record,
		.has_profile = host_has_profile, .installed = host_installed,
		.read_file = host_read, .read_link = host_read_link, .ctx = hw,
	};
	return 0;
}

static void world_close(struct host_world *hw)
{
	for (size_t i = 0; i < hw->n_sources; i++) {
		free(hw->sources[i].id);
		free(hw->sources[i].path);
		free(hw->sources[i].text);
	}
	free(hw->sources);
	integrate_record_free(&hw->record);
	free(hw->host);
}

/* ------------------------------------------------------- carrying out */

static int mkdir_p(const char *dir, mode_t mode, struct nb_error *err)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			return nb_fail(err, errno, "mkdir %s", path);
		*s = '/';
	}
	if (mkdir(path, mode) < 0 && errno != EEXIST)
		return nb_fail(err, errno, "mkdir %s", path);
	return 0;
}

/* @text into @path whole or not at all: a temporary file renamed over. */
static int write_atomic(const char *path, const char *text, mode_t mode,
			struct nb_error *err)
{
	char tmp[PATH_MAX + 16];
	size_t len = strlen(text), done = 0;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return nb_fail(err, errno, "create %s", tmp);
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			nb_fail(err, errno, "write %s", tmp);
			goto fail;
		}
		done += (size_t)n;
	}
	if (fchmod(fd, mode) < 0 || fsync(fd) < 0) {
		nb_fail(err, errno, "%s", tmp);
		goto fail;
	}
	close(fd);
	if (rename(tmp, path) < 0) {
		nb_fail(err, errno, "rename %s to %s", tmp, path);
		unlink(tmp);
		return -1;
	}
	return 0;
fail:
	close(fd);
	unlink(tmp);
	return -1;
}

static int carry_out(const struct host_world *hw,
		     const struct integrate_step *s, struct nb_error *err)
{
	switch (s->kind) {
	case IS_WRITE:
		if (mkdir_p(hw->apps_dir, 0755, err) < 0 ||
		    write_atomic(s->path, s->text, 0644, err) < 0)
			return -1;
		printf("wrote %s\n", s->path);
		return 0;
	case IS_LINK:
		if (mkdir_p(hw->bin_dir, 0755, err) < 0)
			return -1;
		if (symlink(s->text, s->path) < 0)
			return nb_fail(err, errno, "link %s", s->path);
		printf("linked %s -> %s\n", s->path, s->text);
		return 0;
	case IS_REMOVE:
		if (unlink(s->path) < 0 && errno != ENOENT)
			return nb_fail(err, errno, "remove %s", s->path);
		printf("removed %s\n", s->path);
		return 0;
	case IS_NOTE:
		fflush(stdout);
		nb_warn("%s", s->text);
		return 0;
	}
	return 0;
}

static void print_step(const struct integrate_step *s)
{
	switch (s->kind) {
	case IS_WRITE:
		printf("would write %s:\n", s->path);
		for (const char *l = s->text; *l;) {
			const char *nl = strchr(l, '\n');
			int len = nl ? (int)(nl - l) : (int)strlen(l);

			printf("    %.*s\n", len, l);
			l += len + (nl ? 1 : 0);
		}
		break;
	case IS_LINK:
		printf("would link %s -> %s\n", s->path, s->text);
		break;
	case IS_REMOVE:
		printf("would remove %s\n", s->path);
		break;
	case IS_NOTE:
		printf("would leave: %s\n", s->text);
		break;
	}
}

static bool dir_in_path(const char *dir)
{
	const char *path = getenv("PATH");
	size_t len = strlen(dir);

	for (const char *p = path; p && *p;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);

		if (n == len && strncmp(p, dir, n) == 0)
			return true;
		if (n == len + 1 && strncmp(p, dir, len) == 0 && p[len] == '/')
			return true;
		p += n + (colon ? 1 : 0);
	}
	return false;
}

/* The record after the plan: written whole, or removed once empty. */
static int save_record(const struct host_world *hw,
		       const struct integrate_record *r, struct nb_error *err)
{
	char *text;
	int rc;

	if (r->n == 0) {
		if (unlink(hw->record_path) < 0 && errno != ENOENT)
			return nb_fail(err, errno, "remove %s", hw->record_path);
		return 0;
	}
	if (mkdir_p(hw->state_dir, 0700, err) < 0)
		return -1;
	text = integrate_record_format(r);
	if (!text)
		return nb_fail(err, ENOMEM, "the record");
	rc = write_atomic(hw->record_path, text, 0600, err);
	free(text);
	return rc;
}

static int run_plan(const struct options *o, const struct host_world *hw,
		    const struct integrate_plan *p, struct nb_error *err)
{
	size_t links = 0;

	if (o->dry_run) {
		for (size_t i = 0; i < p->n; i++)
			print_step(&p->v[i]);
		if (p->n == 0)
			printf("nothing to do\n");
		return 0;
	}
	for (size_t i = 0; i < p->n; i++) {
		/* the record is saved even after a failed step: it must
		 * name what was written before it */
		if (carry_out(hw, &p->v[i], err) < 0) {
			struct nb_error ignored;

			save_record(hw, &p->record, &ignored);
			return -1;
		}
		links += p->v[i].kind == IS_LINK;
	}
	if (save_record(hw, &p->record, err) < 0)
		return -1;
	if (p->n == 0)
		printf("nothing to do\n");
	if (o->command == CMD_INTEGRATE && !dir_in_path(hw->bin_dir)) {
		for (size_t i = 0; i < p->record.n && !links; i++)
			links += p->record.v[i].kind == IK_LINK;
		fflush(stdout);
		if (links)
			nb_warn("%s is not in PATH: from a terminal the programs still start unsandboxed (Debian's ~/.profile adds it at the next login, now that it exists)",
				hw->bin_dir);
	}
	return 0;
}

/* ------------------------------------------------------- --integrated */

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void list_integrated(const struct options *o,
			    const struct host_world *hw)
{
	const struct integrate_record *r = &hw->record;

	if (o->json)
		putchar('[');
	for (size_t i = 0; i < r->n; i++) {
		const struct integrate_entry *e = &r->v[i];
		const char *state = integrate_entry_state(&hw->w, e);
		const char *kind = e->kind == IK_LINK ? "link" : "desktop";

		if (!o->json) {
			printf("%-16s %-8s %-8s %s%s%s\n", e->program, kind, state,
			       e->path, e->kind == IK_LINK ? " -> " : " from ",
			       e->extra);
			continue;
		}
		printf("%s\n  {\"program\": ", i ? "," : "");
		json_string(e->program);
		printf(", \"kind\": \"%s\", \"state\": \"%s\", \"path\": ", kind,
		       state);
		json_string(e->path);
		printf(", \"%s\": ", e->kind == IK_LINK ? "target" : "source");
		json_string(e->extra);
		putchar('}');
	}
	if (o->json)
		printf("%s]\n", r->n ? "\n" : "");
}

int integrate_command(const struct options *o, struct nb_error *err)
{
	struct host_world hw;
	struct integrate_plan plan;
	char *const *programs = o->program_argv;
	size_t n = 0;
	int rc = -1;

	while (programs && programs[n])
		n++;
	/* the sources only for --integrate, and what --integrated checks
	 * (an orphan is a copy whose source is gone) */
	if (world_open(&hw, o->command != CMD_UNINTEGRATE, err) < 0)
		goto out;
	if (o->command == CMD_INTEGRATED) {
		list_integrated(o, &hw);
		rc = 0;
		goto out;
	}
	if (o->command == CMD_INTEGRATE)
		rc = integrate_plan_integrate(&hw.w, programs, n, &plan, err);
	else
		rc = integrate_plan_unintegrate(&hw.w, programs, n, &plan, err);
	if (rc < 0)
		goto out;
	rc = run_plan(o, &hw, &plan, err);
	integrate_plan_free(&plan);
out:
	world_close(&hw);
	return rc;
}
