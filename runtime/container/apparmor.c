/* AppArmor: LXC confines a container's init to a profile when the host
 * enforces AppArmor and goes on unconfined when it does not.  ctr does the
 * same for named profiles; it does not generate profiles (config.c refuses
 * "generated" on an AppArmor host and says what to write instead). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ctr/apparmor.h"
#include "ctr/cleanup.h"

bool apparmor_enabled(void)
{
	_cleanup_close_ int fd =
	    open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
	char c = 0;

	return fd >= 0 && read(fd, &c, 1) == 1 && c == 'Y';
}

int apparmor_check(const struct container_config *cfg, struct diag_list *notes,
		   struct diag *ret_diag)
{
	const struct cfg_origin *o = &cfg->apparmor_origin;
	const char *p = cfg->apparmor_profile;
	struct diag d;

	if (!p)
		return 0;
	if (!apparmor_enabled()) {
		if (!notes)
			return 0;
		diag_set(&d, o->file, o->line, o->key, "AppArmor is not enabled on this host: the "
			 "container runs without the profile '%s', as under LXC", p);
		return diag_list_add(notes, &d);
	}
	if (strcmp(p, "generated") == 0) {
		diag_set(ret_diag, o->file, o->line, o->key, "ctr does not generate AppArmor "
			 "profiles (write lxc.apparmor.profile = lxc-container-default-cgns, "
			 "the profile LXC's package loads, or a profile of your own)");
		return -EINVAL;
	}
	return 0;
}

/* True when this process runs unconfined (/proc/self/attr/current). */
static bool am_unconfined(void)
{
	_cleanup_close_ int fd = open("/proc/self/attr/current", O_RDONLY | O_CLOEXEC);
	char buf[32] = "";

	return fd >= 0 && read(fd, buf, sizeof(buf) - 1) > 0 &&
	       strncmp(buf, "unconfined", 10) == 0 && (buf[10] == '\n' || buf[10] == '\0');
}

const char *apparmor_exec_profile(const struct container_config *cfg)
{
	const char *p = cfg->apparmor_profile;

	if (!p || strcmp(p, "unchanged") == 0 || !apparmor_enabled())
		return NULL;
	/* as LXC: "unconfined" when already unconfined changes nothing */
	if (strcmp(p, "unconfined") == 0 && am_unconfined())
		return NULL;
	return p;
}

int apparmor_set_exec(const char *profile)
{
	static const char *const files[] = {"/proc/self/attr/apparmor/exec",
					    "/proc/self/attr/exec"};
	char buf[512];
	int len, r = -ENOENT;

	len = snprintf(buf, sizeof(buf), "exec %s", profile);
	if (len < 0 || (size_t)len >= sizeof(buf))
		return -ENAMETOOLONG;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_close_ int fd = open(files[i], O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			r = -errno;
			continue;
		}
		if (write(fd, buf, (size_t)len) == len)
			return 0;
		return -errno;
	}
	return r;
}
