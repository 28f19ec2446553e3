# bash completion for sandbox-cli: commands, options and the values the options take.
# Installed as share/bash-completion/completions/sandbox-cli; works without the
# bash-completion package too (source it).

_sandbox_cli_levels="basic standard enhanced maximum"
_sandbox_cli_capabilities="CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH CAP_FOWNER CAP_FSETID
    CAP_KILL CAP_SETGID CAP_SETUID CAP_SETPCAP CAP_LINUX_IMMUTABLE CAP_NET_BIND_SERVICE
    CAP_NET_BROADCAST CAP_NET_ADMIN CAP_NET_RAW CAP_IPC_LOCK CAP_IPC_OWNER CAP_SYS_MODULE
    CAP_SYS_RAWIO CAP_SYS_CHROOT CAP_SYS_PTRACE CAP_SYS_PACCT CAP_SYS_ADMIN CAP_SYS_BOOT
    CAP_SYS_NICE CAP_SYS_RESOURCE CAP_SYS_TIME CAP_SYS_TTY_CONFIG CAP_MKNOD CAP_LEASE
    CAP_AUDIT_WRITE CAP_AUDIT_CONTROL CAP_SETFCAP CAP_MAC_OVERRIDE CAP_MAC_ADMIN CAP_SYSLOG
    CAP_WAKE_ALARM CAP_BLOCK_SUSPEND CAP_AUDIT_READ CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE"

# The options a command documents in its --help, so that completion follows the binary being
# completed (COMP_WORDS[0]) and never drifts from it. `policy show` takes the policy flags of
# `run` (the "Policy" section of its help) besides its own.
_sandbox_cli_options() {
    local program=$1 command=$2
    {
        "$program" "$command" --help
        [[ $command == policy ]] && "$program" run --help | sed -n '/^Policy/,/^$/p'
    } 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
}

# Sets COMPREPLY for the value of option $1 and returns 0, or returns 1 when $1 takes no
# value we can complete (then the caller completes options or files).
_sandbox_cli_value() {
    local option=$1 cur=$2
    case $option in
        --security) COMPREPLY=($(compgen -W "$_sandbox_cli_levels" -- "$cur")) ;;
        --network) COMPREPLY=($(compgen -W "none host" -- "$cur")) ;;
        --seccomp) COMPREPLY=($(compgen -W "none denylist allowlist allowlist_kill" -- "$cur")) ;;
        --on-breach) COMPREPLY=($(compgen -W "report terminate_on_critical terminate" -- "$cur")) ;;
        --output-overflow) COMPREPLY=($(compgen -W "kill truncate" -- "$cur")) ;;
        --keep-cap) COMPREPLY=($(compgen -W "$_sandbox_cli_capabilities" -- "$cur")) ;;
        --language) COMPREPLY=($(compgen -W "python javascript" -- "$cur")) ;;
        --config | --allow-read | --allow-write | --allow-exec | --readonly | --stdin | --file | \
            --meta | --events | --telemetry-config)
            COMPREPLY=($(compgen -f -- "$cur")) ;;
        --memory | --cpu-time | --timeout | --pids | --fsize | --nofile | --address-space | \
            --output-limit | --tmp-size | --workdir-size | --allow-net | --resolve | --hostname | --workdir | \
            --host-uid | --host-gid | --env | --env-pass | --chdir | --metrics | --push | --otlp | \
            --traceparent | --serve | --serve-linger)
            COMPREPLY=() ;;  # a free value: nothing to offer
        *) return 1 ;;
    esac
    return 0
}

_sandbox_cli() {
    local program=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()
    # bash splits "--security=en" at '=' (COMP_WORDBREAKS): the option is one or two words back.
    if [[ $cur == "=" ]]; then
        cur=""
    elif [[ $prev == "=" ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi

    if ((COMP_CWORD == 1)); then
        local commands
        commands=$("$program" --help 2>/dev/null | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}')
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    local command=${COMP_WORDS[1]} i
    case $command in
        run)
            # After "--" the words belong to the program: a command, then files.
            for ((i = 2; i < COMP_CWORD; i++)); do
                if [[ ${COMP_WORDS[i]} == "--" ]]; then
                    if ((i == COMP_CWORD - 1)); then
                        COMPREPLY=($(compgen -c -- "$cur"))
                    else
                        COMPREPLY=($(compgen -f -- "$cur"))
                    fi
                    return
                fi
            done
            _sandbox_cli_value "$prev" "$cur" && return
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$(_sandbox_cli_options "$program" run) --" -- "$cur"))
            else
                COMPREPLY=($(compgen -f -- "$cur"))
            fi
            ;;
        check)
            COMPREPLY=($(compgen -W "$(_sandbox_cli_options "$program" check)" -- "$cur"))
            ;;
        lint)
            _sandbox_cli_value "$prev" "$cur" && return
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$(_sandbox_cli_options "$program" lint)" -- "$cur"))
            else
                COMPREPLY=($(compgen -f -- "$cur"))
            fi
            ;;
        policy)
            if ((COMP_CWORD == 2)); then
                COMPREPLY=($(compgen -W "show --help --version" -- "$cur"))
                return
            fi
            _sandbox_cli_value "$prev" "$cur" && return
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$(_sandbox_cli_options "$program" policy)" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "$_sandbox_cli_levels" -- "$cur"))
            fi
            ;;
    esac
}

complete -F _sandbox_cli sandbox-cli
