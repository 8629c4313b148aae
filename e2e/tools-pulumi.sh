# shellcheck shell=bash
# Sourced by e2e/tools.sh (which defines log, now, cached, CACHE_ROOT, PULUMI_SRC, PULUMI_VERSION).
# Builds the Pulumi CLI, its Node.js language host and the kubernetes, random and command resource providers from
# source into <dir>/bin. The Go module proxy lacks the language host and the providers (and refuses some versions of
# the rest with `403 This module version is not available`, which is final for that version), so their sources come
# from the `git archive` snapshots in $PULUMI_SRC (read-only: extracted into the temp work dir `cached` runs us in)
# and only their dependencies from the proxy.
# Versions are set with upstream's -X ldflags (the CLI and language host with a leading `v`, like upstream's release
# builds; the providers without, like upstream's Makefiles), else `pulumi version` and the plugin versions the
# engine sees are wrong.
# Every step ends in `|| return`: `cached` runs us inside `if !`, where bash ignores `set -e`.

PULUMI_KUBERNETES_VERSION=4.32.0
PULUMI_RANDOM_VERSION=4.21.1
PULUMI_COMMAND_VERSION=1.2.1

# Upstream pulumi's modules replace the clipboard package with a fork; a dependency's replace directives do not
# apply to the main module, so each module we build that links pulumi's pkg/v3 must repeat it.
PULUMI_CLIPBOARD_REPLACE=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e

_pulumi_untar() { # <snapshot file name> [member...]: extracts (part of) a snapshot into the current directory
  tar -xzf "$PULUMI_SRC/$1" "${@:2}"
}

# Builds the main package <pkg> of the module in <moddir> into <dir>/bin/<name>; appends `<name> <seconds>` to
# <dir>/.build-seconds-by-binary. -mod=mod resolves and records only the modules this one package needs: a
# `go mod tidy` would also want the test and code generator dependencies, some of which the proxy refuses.
# CGO off, as upstream's release builds.
_pulumi_go_build() { # <dir> <name> <moddir> <pkg> <-X ldflags>
  local dir="$1" name="$2" moddir="$3" pkg="$4" xflags="$5" t0
  t0=$(now)
  log "go build $name"
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -C "$moddir" -trimpath -ldflags "-s -w $xflags" -o "$dir/bin/$name" "$pkg" ||
    return
  echo "$name $(($(now) - t0))" >>"$dir/.build-seconds-by-binary"
  log "built $name in $(($(now) - t0)) s"
}

# ---- pulumi (the CLI)
# `pkg/cmd/pulumi` is a main package inside pulumi's pkg/v3 module, whose go.mod replaces the sdk with a relative
# directory: a wrapper module holds copies of its main files and requires pkg/v3 and sdk/v3 of the release.
_pulumi_build_cli() { # <dir>
  local dir="$1" src="pulumi-v$PULUMI_VERSION/pkg/cmd/pulumi"
  _pulumi_untar "pulumi-v$PULUMI_VERSION-language-nodejs-and-cli-main.tar.gz" "$src" || return
  mkdir cli && cp "$src/main.go" "$src/pulumi.go" "$src/doc.go" cli/ || return
  go mod init -C cli shipshape.local/pulumi-cli || return
  go mod edit -C cli -require="github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" \
    -require="github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" -replace="$PULUMI_CLIPBOARD_REPLACE" || return
  _pulumi_go_build "$dir" pulumi cli . \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
}

# ---- pulumi-language-nodejs
# Its go.mod replaces pkg/v3 and sdk/v3 with monorepo directories (not in the snapshot) and requires versions the
# proxy refuses (pkg v3.243.0, sdk v3.247.0): drop those two replaces and require the release's own versions.
_pulumi_build_language_nodejs() { # <dir>
  local dir="$1" src="pulumi-v$PULUMI_VERSION/sdk/nodejs/cmd/pulumi-language-nodejs"
  _pulumi_untar "pulumi-v$PULUMI_VERSION-language-nodejs-and-cli-main.tar.gz" "$src" || return
  go mod edit -C "$src" -dropreplace=github.com/pulumi/pulumi/pkg/v3 -dropreplace=github.com/pulumi/pulumi/sdk/v3 \
    -require="github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" \
    -require="github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" || return
  _pulumi_go_build "$dir" pulumi-language-nodejs "$src" . \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
}

# ---- pulumi-resource-kubernetes
_pulumi_build_kubernetes() { # <dir>
  local dir="$1" v="$PULUMI_KUBERNETES_VERSION"
  local mod="pulumi-kubernetes-v$v/provider"
  local cmd="$mod/cmd/pulumi-resource-kubernetes"
  _pulumi_untar "pulumi-kubernetes-v$v-provider.tar.gz" || return
  # - `../sdk` (its Go SDK) is not in the snapshot: without that replace, sdk/v4 comes from the proxy.
  # - The pinned fluxcd/pkg/ssa pseudo-version is refused by the proxy: the v0.72.0 release is served.
  # - pulumi pkg/sdk v3.243.0 are refused (so are v3.244 and v3.247) and v3.248 no longer compiles with this
  #   provider: v3.246.0 is served and compiles.
  go mod edit -C "$mod" -dropreplace=github.com/pulumi/pulumi-kubernetes/sdk/v4 \
    -require=github.com/fluxcd/pkg/ssa@v0.72.0 \
    -require=github.com/pulumi/pulumi/pkg/v3@v3.246.0 -require=github.com/pulumi/pulumi/sdk/v3@v3.246.0 || return
  # main.go embeds two files upstream's `go generate` writes. Its input schema.json (generated from Kubernetes'
  # OpenAPI spec) is not in the snapshot, so schema-embed.json is a minimal valid package schema, a STAND-IN: only
  # GetSchema (SDK generation) and import (reading a resource's input properties from the cluster) use it;
  # check, diff, create, read, update and delete never do.
  jq -nc --arg v "$v" '{name: "kubernetes", displayName: "Kubernetes", version: $v,
      description: "Stand-in schema: the real one is not in the source snapshot (shipshape e2e/tools-pulumi.sh)",
      resources: {}, functions: {}, types: {}}' >"$cmd/schema-embed.json" || return
  # The terraform mapping is in the snapshot: compacted, as generate.go writes it.
  jq -c . "$cmd/terraform-mapping.json" >"$cmd/terraform-mapping-embed.json" || return
  _pulumi_go_build "$dir" pulumi-resource-kubernetes "$mod" ./cmd/pulumi-resource-kubernetes \
    "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$v"
}

# ---- pulumi-resource-random
_pulumi_build_random() { # <dir>
  local dir="$1" v="$PULUMI_RANDOM_VERSION"
  local mod="pulumi-random-v$v/provider"
  local cmd="$mod/cmd/pulumi-resource-random"
  _pulumi_untar "pulumi-random-v$v-provider.tar.gz" || return
  _pulumi_untar pulumi-yaml-294c561f47f4.tar.gz || return
  _pulumi_untar pulumi-dotnet-6a2eb2585b50-language.tar.gz || return
  # The terraform bridge pins pseudo-versions of pulumi-yaml and pulumi-language-dotnet that the proxy does not
  # serve: replace them with the snapshots of exactly those commits (paths relative to the module).
  go mod edit -C "$mod" -replace=github.com/pulumi/pulumi-yaml=../../pulumi-yaml-294c561f47f4 \
    -replace=github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3=../../pulumi-dotnet-6a2eb2585b50/pulumi-language-dotnet ||
    return
  # As upstream's `go generate` (generate.go): the schema with the provider's version set, embedded by main.go.
  jq -c --arg v "$v" '.version = $v' "$cmd/schema.json" >"$cmd/schema-embed.json" || return
  # Those pseudo-versions have no checksum database entries either.
  GONOSUMDB=github.com/pulumi/pulumi-yaml,github.com/pulumi/pulumi-dotnet \
    _pulumi_go_build "$dir" pulumi-resource-random "$mod" ./cmd/pulumi-resource-random \
    "-X github.com/pulumi/pulumi-random/provider/v4/pkg/version.Version=$v"
}

# ---- pulumi-resource-command (its snapshot builds unchanged)
_pulumi_build_command() { # <dir>
  local dir="$1" v="$PULUMI_COMMAND_VERSION"
  _pulumi_untar "pulumi-command-v$v-provider.tar.gz" || return
  _pulumi_go_build "$dir" pulumi-resource-command "pulumi-command-v$v/provider" ./cmd/pulumi-resource-command \
    "-X github.com/pulumi/pulumi-command/provider/pkg/version.Version=$v"
}

build_pulumi() { # <dir>
  local dir="$1" got
  mkdir -p "$dir/bin" || return
  _pulumi_build_cli "$dir" || return
  _pulumi_build_language_nodejs "$dir" || return
  _pulumi_build_kubernetes "$dir" || return
  _pulumi_build_random "$dir" || return
  _pulumi_build_command "$dir" || return
  ls -la "$dir/bin"
  cat "$dir/.build-seconds-by-binary"
  # No update check, and no ~/.pulumi written, for this one call.
  got="$(PULUMI_SKIP_UPDATE_CHECK=true PULUMI_HOME="$PWD/pulumi-home" "$dir/bin/pulumi" version)" || return
  [ "$got" = "v$PULUMI_VERSION" ] || { echo "pulumi version printed '$got', expected v$PULUMI_VERSION" >&2; return 1; }
}

tool_pulumi() {
  cached "$CACHE_ROOT/pulumi-v$PULUMI_VERSION" build_pulumi
  echo "PULUMI=$CACHE_ROOT/pulumi-v$PULUMI_VERSION/bin"
}
