// SPDX-License-Identifier: GPL-2.0
/*
 * Probe the running kernel for what a test needs: its program type, the
 * helpers it calls (BPF_PROG_LOAD probes), the kfuncs and struct_ops types
 * it uses (the kernel's own BTF), and the privileges to load at all; and
 * read its version.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <linux/capability.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "kernel_features.h"
#include "reporter.h"

#define HELPER_NAME(x) "bpf_" #x
static const char *const helper_names[] = { __BPF_FUNC_MAPPER(HELPER_NAME) };
#undef HELPER_NAME

/* The BTF of the loaded modules, read when vmlinux lacks a name. */
struct module_btfs {
	bool loaded;
	int cnt;
	struct btf **btfs;
};

static __u32 probe_test_prog_flags(void)
{
	static const __u32 flags[] = {
		BPF_F_TEST_RND_HI32, BPF_F_TEST_REG_INVARIANTS,
	};
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct bpf_prog_load_opts opts = { .sz = sizeof(opts) };
	__u32 taken = 0;
	size_t i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		opts.prog_flags = flags[i];
		fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL",
				   insns, ARRAY_SIZE(insns), &opts);
		if (fd >= 0) {
			taken |= flags[i];
			close(fd);
		}
	}
	return taken;
}

void features_init(struct features *f)
{
	f->test_prog_flags = probe_test_prog_flags();
	f->vmlinux_btf = btf__load_vmlinux_btf();
	f->vmlinux_btf_err = f->vmlinux_btf ? 0 : -errno;
	f->modules = calloc(1, sizeof(*f->modules));
}

void features_free(struct features *f)
{
	int i;

	for (i = 0; f->modules && i < f->modules->cnt; i++)
		btf__free(f->modules->btfs[i]);
	if (f->modules)
		free(f->modules->btfs);
	free(f->modules);
	f->modules = NULL;
	btf__free(f->vmlinux_btf);
	f->vmlinux_btf = NULL;
}

static void load_module_btfs(const struct features *f)
{
	struct module_btfs *m = f->modules;
	char path[PATH_MAX];
	struct btf *btf, **btfs;
	struct dirent *d;
	DIR *dir;

	m->loaded = true;
	dir = opendir("/sys/kernel/btf");
	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.' || !strcmp(d->d_name, "vmlinux"))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/btf/%s", d->d_name);
		btf = btf__parse_split(path, f->vmlinux_btf);
		if (!btf)
			continue;
		btfs = realloc(m->btfs, (m->cnt + 1) * sizeof(*btfs));
		if (!btfs) {
			btf__free(btf);
			break;
		}
		m->btfs = btfs;
		m->btfs[m->cnt++] = btf;
	}
	if (dir)
		closedir(dir);
}

/*
 * Is name a type of this kind in the kernel's BTF, vmlinux or a loaded
 * module's (where libbpf also looks for kfuncs and attach targets)?
 */
static bool kernel_has(const struct features *f, const char *name, int kind)
{
	int i;

	if (!f->vmlinux_btf)
		return false;
	if (btf__find_by_name_kind(f->vmlinux_btf, name, kind) > 0)
		return true;
	if (!f->modules)
		return false;
	if (!f->modules->loaded)
		load_module_btfs(f);
	for (i = 0; i < f->modules->cnt; i++)
		if (btf__find_by_name_kind(f->modules->btfs[i], name, kind) > 0)
			return true;
	return false;
}

/* Is name a function in the kernel's BTF (kfuncs, LSM hooks)? */
bool features_have_kfunc(const struct features *f, const char *name)
{
	return kernel_has(f, name, BTF_KIND_FUNC);
}

/* Is struct_ops type name (Qdisc_ops) registered with BPF? */
bool features_have_struct_ops(const struct features *f, const char *name)
{
	char wrapper[BPF_REFS_NAME_LEN + 16];

	snprintf(wrapper, sizeof(wrapper), "bpf_struct_ops_%s", name);
	return name[0] && kernel_has(f, wrapper, BTF_KIND_STRUCT);
}

static int helper_id(const char *name)
{
	size_t i;

	for (i = 1; i < ARRAY_SIZE(helper_names); i++)
		if (!strcmp(helper_names[i], name))
			return i;
	return -ENOENT;
}

/*
 * 1 if programs of type may call helper id.  libbpf_probe_bpf_helper() of
 * libbpf 1.1 misses the wording of newer kernels ("program of this type
 * cannot use helper"), so the probe and its reading are done here.  A
 * load that fails for any other reason (a type that needs an attach
 * target) counts as supported: the test itself then shows the truth.
 */
static int probe_helper(enum bpf_prog_type type, int id)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = id },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char log[4096] = "";
	struct bpf_prog_load_opts opts = {
		.sz = sizeof(opts),
		.log_buf = log,
		.log_size = sizeof(log),
		.log_level = 1,
	};
	int fd;

	fd = bpf_prog_load(type, NULL, "GPL", insns, 2, &opts);
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	return !strstr(log, "unknown func") && !strstr(log, "invalid func") &&
	       !strstr(log, "cannot use helper");
}

/* A name from an object's annotations or sections, as reasons print it. */
static const char *printable(const char *name)
{
	static char buf[2 * BPF_REFS_NAME_LEN];

	ktap_path(buf, sizeof(buf), name);
	return buf;
}

static const char *no_btf_reason(const struct features *f)
{
	static char why[96];

	snprintf(why, sizeof(why), "kernel has no BTF (vmlinux BTF: %s)",
		 strerror(-f->vmlinux_btf_err));
	return why;
}

/*
 * Types that attach to a kernel function or struct are loaded against the
 * kernel's BTF; libbpf 1.1's probe of them misreads newer kernels, so they
 * count as present when the BTF is and, for LSM, names the hook
 * (bpf_lsm_<hook> exists only with CONFIG_BPF_LSM).  Other types are
 * probed by loading a trivial program.
 */
/*
 * The kernel function or type a tracing program attaches to, named by its
 * section ("fentry/<func>", "tp_btf/<tracepoint>", "iter/<target>"), as
 * libbpf looks it up; false when the section names none.
 */
static bool attach_target(const char *sec, char *name, size_t len,
			  int *kind)
{
	static const struct {
		const char *prefix, *btf_prefix;
		int kind;
	} kinds[] = {
		{ "fentry", "", BTF_KIND_FUNC },
		{ "fexit", "", BTF_KIND_FUNC },
		{ "fmod_ret", "", BTF_KIND_FUNC },
		{ "fentry.s", "", BTF_KIND_FUNC },
		{ "fexit.s", "", BTF_KIND_FUNC },
		{ "fmod_ret.s", "", BTF_KIND_FUNC },
		{ "tp_btf", "btf_trace_", BTF_KIND_TYPEDEF },
		{ "iter", "bpf_iter_", BTF_KIND_FUNC },
		{ "iter.s", "bpf_iter_", BTF_KIND_FUNC },
	};
	const char *slash;
	size_t i, n;

	if (*sec == '?')
		sec++;
	slash = strchr(sec, '/');
	if (!slash || !slash[1])
		return false;
	n = slash - sec;
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		if (strlen(kinds[i].prefix) != n ||
		    strncmp(sec, kinds[i].prefix, n))
			continue;
		snprintf(name, len, "%s%s", kinds[i].btf_prefix, slash + 1);
		*kind = kinds[i].kind;
		return true;
	}
	return false;
}

/*
 * Does the kernel load programs of type?  Probed once a type: a probe
 * loads a program, and every test asks.
 */
static bool prog_type_probed(enum bpf_prog_type type)
{
	static signed char known[64];	/* 0: not probed, 1: has, -1: lacks */

	if ((unsigned int)type >= ARRAY_SIZE(known))
		return libbpf_probe_bpf_prog_type(type, NULL) != 0;
	if (!known[type])
		known[type] = libbpf_probe_bpf_prog_type(type, NULL) != 0 ?
			      1 : -1;
	return known[type] > 0;
}

static bool prog_type_missing(const struct features *f,
			      enum bpf_prog_type type, const char *sec,
			      char *reason, size_t len)
{
	const char *tname = libbpf_bpf_prog_type_str(type);
	const char *hook = strchr(sec, '/');
	char func[BPF_REFS_NAME_LEN];
	int kind;

	switch (type) {
	case BPF_PROG_TYPE_UNSPEC:
		/* a section newer than the runner's libbpf: not the kernel's */
		snprintf(reason, len,
			 "libbpf %u.%u of the runner does not know section %s",
			 libbpf_major_version(), libbpf_minor_version(),
			 printable(sec + (*sec == '?')));
		return true;
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_EXT:
	case BPF_PROG_TYPE_STRUCT_OPS:
		if (!f->vmlinux_btf) {
			snprintf(reason, len, "%s, needed for %s programs",
				 no_btf_reason(f), tname);
			return true;
		}
		if (type == BPF_PROG_TYPE_TRACING &&
		    attach_target(sec, func, sizeof(func), &kind) &&
		    !kernel_has(f, func, kind)) {
			snprintf(reason, len, "kernel lacks attach target %s",
				 printable(sec + (*sec == '?')));
			return true;
		}
		if (type != BPF_PROG_TYPE_LSM || !hook)
			return false;
		snprintf(func, sizeof(func), "bpf_lsm_%s", hook + 1);
		if (features_have_kfunc(f, func))
			return false;
		snprintf(reason, len, "kernel lacks BPF LSM hook %s",
			 printable(hook + 1));
		return true;
	default:
		if (prog_type_probed(type))
			return false;
		snprintf(reason, len, "kernel lacks program type %s", tname);
		return true;
	}
}

/*
 * 1 when the kernel lacks something spec or the program type needs, 0 when
 * it has all, -EINVAL when spec names a helper no UAPI header knows (a
 * typo must fail the test, not skip it forever); reason says what.
 */
int features_missing(const struct features *f, const struct test_spec *spec,
		     enum bpf_prog_type type, const char *sec, char *reason,
		     size_t len)
{
	int i, id;

	if (prog_type_missing(f, type, sec, reason, len))
		return 1;
	for (i = 0; i < spec->struct_ops_cnt; i++) {
		if (!features_have_struct_ops(f, spec->struct_ops[i])) {
			snprintf(reason, len, "kernel lacks struct_ops %s%s",
				 printable(spec->struct_ops[i]),
				 f->vmlinux_btf ? "" : " (no kernel BTF)");
			return 1;
		}
	}
	for (i = 0; i < spec->kfunc_cnt; i++) {
		if (!f->vmlinux_btf) {
			snprintf(reason, len, "%s, needed for kfunc %s",
				 no_btf_reason(f), printable(spec->kfuncs[i]));
			return 1;
		}
		if (!features_have_kfunc(f, spec->kfuncs[i])) {
			snprintf(reason, len, "kernel lacks kfunc %s",
				 printable(spec->kfuncs[i]));
			return 1;
		}
	}
	for (i = 0; i < spec->helper_cnt; i++) {
		id = helper_id(spec->helpers[i]);
		if (id < 0) {
			snprintf(reason, len,
				 "helper %s unknown to the UAPI headers this runner was built with",
				 printable(spec->helpers[i]));
			return -EINVAL;
		}
		if (!probe_helper(type, id)) {
			snprintf(reason, len, "kernel lacks helper %s for %s",
				 printable(spec->helpers[i]),
				 libbpf_bpf_prog_type_str(type));
			return 1;
		}
	}
	return 0;
}

static bool has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return d[cap / 32].effective & (1U << (cap % 32));
}

/*
 * NULL when this process may load every kind of program the suite has
 * (CAP_SYS_ADMIN, or CAP_BPF with CAP_PERFMON and CAP_NET_ADMIN), else
 * what is missing.
 */
const char *privilege_problem(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	if (syscall(SYS_capget, &hdr, data))
		return "cannot read process capabilities";
	if (has_cap(data, CAP_SYS_ADMIN))
		return NULL;
#ifdef CAP_BPF
	if (has_cap(data, CAP_BPF) && has_cap(data, CAP_PERFMON) &&
	    has_cap(data, CAP_NET_ADMIN))
		return NULL;
#endif
	return "needs root (CAP_SYS_ADMIN, or CAP_BPF+CAP_PERFMON+CAP_NET_ADMIN)";
}

/*
 * For a test that needs more than loading programs: true, with res a
 * SKIP naming CAP_SYS_ADMIN and what it is needed for, when this process
 * lacks it (CAP_BPF+CAP_PERFMON+CAP_NET_ADMIN load everything, but only
 * CAP_SYS_ADMIN makes network namespaces).
 */
bool features_skip_without_sys_admin(struct test_result *res, const char *what)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	if (!syscall(SYS_capget, &hdr, data) && has_cap(data, CAP_SYS_ADMIN))
		return false;
	res->status = TEST_SKIP;
	snprintf(res->reason, sizeof(res->reason), "needs CAP_SYS_ADMIN for %s",
		 what);
	return true;
}

int read_small_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	buf[0] = '\0';
	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/*
 * The kernel under test: its release (uname -r) and major.minor, which
 * decide fix claims and --xfail auto.  Test hook: $BPF_REFS_KERNEL_RELEASE
 * stands in for uname -r there; it is read only here.  Returns -EINVAL
 * when the release does not start with major.minor.
 */
int kernel_version(struct kernel_version *kv, char *release, size_t len)
{
	const char *hook = getenv("BPF_REFS_KERNEL_RELEASE");
	struct utsname u;
	char *end;

	if (!hook) {
		if (uname(&u))
			return -errno;
		hook = u.release;
	}
	snprintf(release, len, "%s", hook);
	if (!isdigit((unsigned char)release[0]))
		return -EINVAL;
	kv->major = strtol(release, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		return -EINVAL;
	kv->minor = strtol(end + 1, NULL, 10);
	return 0;
}
