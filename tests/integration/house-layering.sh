#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The layering of the library code, read from the built objects: no call
# circle between two files (or round several), and no folder calling up into
# a folder above it.  The layers (README, Layout), lowest first:
#   lib <- netsetup <- runtime/config <- runtime/container <- runtime/lifecycle
#       <- runtime/manage <- the ctr-* mains;  checkconfig over lib,
#   runtime/config and runtime/container; runtime/oci (the OCI front end)
#   over lib, netsetup, runtime/config and runtime/container.
# An edge A -> B means an object of A leaves undefined a symbol B defines.
. "$(dirname "$0")/../lib.sh"
t_require_cmd nm binutils

B=${CTR_BUILD:-$T_TOP/build}
[ -d "$B/lib" ] || t_skip_all "no objects under '$B' (make all first)"

# What each folder may use besides itself.
allowed() {
	case $1 in
	lib) echo "" ;;
	netsetup) echo "lib" ;;
	runtime/config) echo "lib" ;;
	runtime/container) echo "lib netsetup runtime/config" ;;
	runtime/lifecycle) echo "lib netsetup runtime/config runtime/container" ;;
	runtime/manage) echo "lib netsetup runtime/config runtime/container runtime/lifecycle" ;;
	checkconfig) echo "lib runtime/config runtime/container" ;;
	runtime/oci) echo "lib netsetup runtime/config runtime/container" ;;
	*) echo "?" ;;
	esac
}
folders="lib netsetup runtime/config runtime/container runtime/lifecycle runtime/manage checkconfig runtime/oci"

# every folder of library code the Makefile builds has its place above
lib_dirs=$(sed -n '/^LIB_DIRS *[:+]\?=/,/[^\\]$/p' "$T_TOP/Makefile" | sed 's/^LIB_DIRS *[:+]\?=//; s/\\$//')
unplaced=""
for d in $lib_dirs; do case " $folders " in *" $d "*) ;; *) unplaced="$unplaced $d" ;; esac; done
t_eq "every LIB_DIRS folder has its place in the layering" "" "$unplaced"

objs=()
for d in $folders; do
	for o in "$B/$d"/*.o; do
		[ -e "$o" ] || continue
		case $(basename "$o") in ctr-*) continue ;; esac
		# an object left from a source since moved or removed is not the tree's
		rel=${o#"$B"/}
		[ -f "$T_TOP/${rel%.o}.c" ] || continue
		objs+=("$o")
	done
done
t_ok "library objects found under $B" [ ${#objs[@]} -gt 20 ]

# One line per symbol use: "D file" for a definition, "U file" for a use.
tab=$(t_tmpdir)/syms
for o in "${objs[@]}"; do
	rel=${o#"$B"/}; rel=${rel%.o}.c
	nm -g --defined-only "$o" | awk -v f="$rel" 'NF >= 3 { print "D", f, $3 }'
	nm -u "$o" | awk -v f="$rel" '{ print "U", f, $NF }'
done >"$tab"

# Edges "from to symbol", one per symbol, between different files.
edges=$(awk '$1 == "D" { def[$3] = $2; next }
	     { use[n] = $2; sym[n++] = $3 }
	     END { for (i = 0; i < n; i++) if ((sym[i] in def) && def[sym[i]] != use[i])
			print use[i], def[sym[i]], sym[i] }' "$tab" | sort -u)
t_ok "symbol edges between files found" [ -n "$edges" ]

# File-level circles: Tarjan's strongly connected components over the files;
# every edge inside a component of two or more files is printed.
cycles=$(printf '%s\n' "$edges" | awk '
	{ k = $1 SUBSEP $2; if (!(k in seen)) { seen[k] = 1; adj[$1] = adj[$1] " " $2 }
	  node[$1] = 1; node[$2] = 1; line[n++] = $0 }
	function strong(v,    i, m, w, parts) {
		idx[v] = low[v] = ++counter; stack[++sp] = v; on[v] = 1
		m = split(adj[v], parts, " ")
		for (i = 1; i <= m; i++) {
			w = parts[i]
			if (!(w in idx)) { strong(w); if (low[w] < low[v]) low[v] = low[w] }
			else if (on[w] && idx[w] < low[v]) low[v] = idx[w]
		}
		if (low[v] == idx[v]) {
			ncomp++; size = 0
			do { w = stack[sp--]; on[w] = 0; comp[w] = ncomp; size++ } while (w != v)
			csize[ncomp] = size
		}
	}
	END {
		for (v in node) if (!(v in idx)) strong(v)
		for (i = 0; i < n; i++) {
			split(line[i], e, " ")
			if (comp[e[1]] == comp[e[2]] && csize[comp[e[1]]] > 1)
				print "circle " comp[e[1]] ": " e[1] " -> " e[2] " (" e[3] ")"
		}
	}' | sort)
if [ -z "$cycles" ]; then
	t_pass "no call circle between files"
else
	t_fail "no call circle between files" "$(printf '%s\n' "$cycles" | wc -l) edges in circles"
	printf '%s\n' "$cycles" | sed 's/^/# /'
fi

# Folder-level edges against the layering.
bad=""
while read -r from to sym; do
	fd=${from%/*} td=${to%/*}
	[ "$fd" = "$td" ] && continue
	case " $(allowed "$fd") " in *" $td "*) continue ;; esac
	bad+="$fd -> $td: $from uses $sym ($to)"$'\n'
done <<<"$edges"
if [ -z "$bad" ]; then
	t_pass "every folder uses only the folders below it"
else
	t_fail "every folder uses only the folders below it" "$(printf '%s' "$bad" | wc -l) edges"
	printf '%s' "$bad" | sed 's/^/# /'
fi

# The check itself: a made-up upward edge is caught.
fake=$(printf '%s\nlib/fsutil.c runtime/config/config.c config_load\n' "$edges")
n=0
while read -r from to sym; do
	fd=${from%/*} td=${to%/*}
	[ "$fd" = "$td" ] && continue
	case " $(allowed "$fd") " in *" $td "*) continue ;; esac
	n=$((n + 1))
done <<<"$fake"
t_ok "an upward edge (lib -> runtime/config) would be caught" [ "$n" -gt 0 ]
t_done
