"""make mutate: mutation testing of the modules that enforce the README's promises, with cosmic-ray.

    python mutation/run.py [MODULE ...] [--list]

Each module below is mutated one change at a time (a number off by one, a comparison
turned round, a condition negated, an exception type swapped, a loop that never runs...)
and the tests that cover it are run against every mutant: a mutant the tests let pass
("survived") is a change to the code that no test notices.  MODULE is a path from the
table (default: all of them).

The work happens in a copy of the checkout (``.mutate/work``, git-ignored) with the
published database copied in, so the working tree is never edited, even if the run
is interrupted; cosmic-ray writes each mutant into the copy, runs the module's tests
there, and restores the file.  Sessions (``.mutate/<module>.sqlite``) are kept, so a
second run of the same module resumes where the first stopped; ``--fresh`` starts over.
Prints, per module and in all, mutants, killed, survived, timeouts and the kill rate,
then every survivor (file, line, operator and its diff), and writes ``.mutate/report.json``.

Why cosmic-ray (8.7): it mutates the file itself, so module-level declarations are
mutated too (the limits: MAX_BYTES, MAX_SOURCE_BYTES, the SQLite limits table, the
pydantic fields' constraints), and the tests run as they always do, live servers and
subprocess builds included.  mutmut 3 (the other maintained tool) mutates only inside
functions, through trampolines the code under test must import, which leaves those
declarations out.

The operators are cosmic-ray's core set less the binary-operator swaps to operators
that no promise-enforcing code here uses (``**``, ``%``, ``//``, shifts, bitwise) and
the comparison swaps that only repeat a boundary mutant (``==`` to ``<`` when ``!=``
is kept, ``is`` for ``==``): see EXCLUDED_OPERATORS.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# MUTATE_DIR=.mutate-2 keeps a second run's copy and sessions apart, so two runs can go side by side.
STATE = REPO / os.environ.get("MUTATE_DIR", ".mutate")
WORK = STATE / "work"
# The test environment (make test-env): it holds pytest and cosmic-ray; the served one (.venv) holds neither.
PYTHON = REPO / ".venv-test" / "bin" / "python"
TOOLS = REPO / ".venv-test" / "bin"
BUILD_OUTPUTS = ("serrano.db", "inspect-data.json", "static/exports")

# Each module and the tests that cover it (pytest node ids or files), chosen so that one
# mutant is judged in seconds: the whole suite takes minutes, and there are hundreds of mutants.
HOSTILE = "tests/pipeline/test_hostile_inputs.py"
LIMITS = "tests/pipeline/test_size_limits.py"
FOUNDATION = "tests/pipeline/test_foundation.py"
SERVING = "tests/serving/test_hostile_serving.py"
ERRORS = "tests/serving/test_error_pages.py"
DOCUMENTED = "tests/serving/test_documented_limits.py"
PUBLISHED = "tests/pipeline/test_documents_as_published.py"
MODULES = {
    "build/common/yamlio.py": [
        "tests/common/test_yamlio.py",
        "tests/common/test_yamlio_tagged.py",
        "tests/common/test_yamlio_edges.py",
        "tests/common/test_yamlio_labels.py",
        f"{LIMITS}::test_a_yaml_file_one_byte_over_20_mb_is_refused_in_one_line",
        f"{LIMITS}::test_a_yaml_file_of_exactly_20_mb_is_read",
        f"{HOSTILE}::test_each_listed_malformed_input_fails_in_one_line",
    ],
    "build/common/inputs.py": [
        "tests/common/test_inputs.py",
        f"{HOSTILE}::test_each_listed_malformed_input_fails_in_one_line",
        f"{HOSTILE}::test_each_malformed_vocabulary_entry_fails_in_one_line",
        f"{HOSTILE}::test_a_source_id_must_be_a_slug",
    ],
    "build/sources/manifest.py": [
        "tests/pipeline/test_manifest_entries.py",
        f"{LIMITS}::test_a_source_one_byte_over_5_mb_is_refused_in_one_line",
        f"{LIMITS}::test_a_source_of_exactly_5_mb_is_read_in_full",
        f"{HOSTILE}::test_a_source_file_must_be_a_small_regular_file_inside_data_sources",
        f"{HOSTILE}::test_a_source_id_must_be_a_slug",
        f"{HOSTILE}::test_each_listed_malformed_input_fails_in_one_line",
        f"{FOUNDATION}::test_every_source_file_matches_its_pin",
        f"{FOUNDATION}::test_unknown_facts_stay_null_and_inference_is_flagged",
        f"{LIMITS}::test_an_export_one_byte_over_64_mb_is_refused_in_one_line",
        f"{LIMITS}::test_an_export_of_exactly_64_mb_is_read_in_full",
        f"{HOSTILE}::test_each_path_problem_of_a_manifest_file_is_named_with_its_entry",
        # Whole builds with a PDF decision (a few seconds each): the one mix of kinds a document may hold, and
        # a PDF with nothing to read refused in one line.
        f"{PUBLISHED}::test_a_pdf_and_a_text_decision_on_one_case",
        f"{PUBLISHED}::test_a_pdf_with_no_text_fails_in_one_line_and_publishes_nothing",
    ],
    # The size and file-kind checks every input file passes (README "Hard edges": files over 20 MB, FIFOs,
    # devices, a file that grows while it is read), for the manifest's sources and the YAML files alike.
    "build/common/regular_files.py": [
        "tests/common/test_regular_files.py",
        LIMITS,
        f"{HOSTILE}::test_a_source_file_must_be_a_small_regular_file_inside_data_sources",
        f"{HOSTILE}::test_a_yaml_file_larger_than_the_limit_is_refused_before_it_is_read",
        f"{HOSTILE}::test_a_yaml_file_is_read_no_further_than_the_limit_whatever_its_size_says",
        f"{HOSTILE}::test_each_path_problem_of_a_manifest_file_is_named_with_its_entry",
        f"{HOSTILE}::test_a_yaml_file_that_is_no_regular_file_is_refused_before_it_is_read",
    ],
    # The serving modules: the in-process site (tests/conftest.py's ``datasette``) first, so that
    # most mutants are killed within seconds; a live server only where the promise needs one (a raw
    # request line, the server's log, the time-limited gate under parallel load, the capped server).
    "plugins/errors.py": [
        f"{ERRORS}::test_a_missing_page_is_a_404_that_prints_nothing",
        f"{ERRORS}::test_an_error_answered_as_json_is_json",
        f"{ERRORS}::test_an_error_keeps_its_status_its_message_and_no_cors",
        f"{ERRORS}::test_an_error_message_is_escaped_on_the_page",
        f"{ERRORS}::test_a_query_stopped_at_its_time_limit_is_a_400_as_csv_too",
        f"{ERRORS}::test_a_fault_of_the_site_is_a_500_whose_traceback_goes_to_the_log",
        f"{SERVING}::test_an_unexpected_error_shows_no_internals",
        f"{SERVING}::test_no_page_reveals_a_server_path",
        f"{SERVING}::test_the_database_path_cannot_be_guessed_through_a_filter",
        f"{SERVING}::test_malformed_query_strings_get_4xx_saying_what_is_wrong",
        f"{SERVING}::test_a_failing_query_downloaded_as_csv_is_a_400_never_cached",
        f"{SERVING}::test_a_failing_canned_query_downloaded_as_csv_is_a_400",
        f"{SERVING}::test_a_query_that_runs_still_downloads_as_csv",
        f"{ERRORS}::test_each_error_page_logs_one_line",
    ],
    "plugins/sql_gate.py": [
        f"{DOCUMENTED}::test_the_gate_and_time_limit_are_the_documented_ones",
        f"{SERVING}::test_which_requests_carry_visitors_sql",
        f"{SERVING}::test_visitors_sql_stops_at_a_shorter_time_limit_than_the_pages",
        f"{SERVING}::test_a_page_stopped_at_its_own_time_limit_keeps_datasettes_message",
        f"{SERVING}::test_a_failing_query_downloaded_as_csv_is_a_400_never_cached",
        f"{SERVING}::test_visitors_sql_runs_on_a_thread_of_its_own_at_the_lowest_priority",
        f"{SERVING}::test_visitors_connections_carry_the_caps_and_the_bounded_functions",
        f"{SERVING}::test_whole_documents_and_legitimate_sql_still_answer",
        f"{SERVING}::test_the_database_path_cannot_be_guessed_through_a_filter",
        f"{SERVING}::test_readers_stay_answerable_while_thirty_queries_run_at_the_time_limit",
    ],
    "plugins/serrano_downloads.py": [
        "tests/site/test_download_route.py",
        f"{SERVING}::test_datasettes_internal_database_cannot_be_downloaded",
        f"{ERRORS}::test_head_on_a_download_reads_no_row",
        "tests/site/test_complete_downloads.py::test_a_table_larger_than_the_result_cap_downloads_whole",
    ],
    "plugins/guards.py": [
        f"{DOCUMENTED}::test_the_query_string_cap_is_the_documented_one",
        f"{SERVING}::test_malformed_query_strings_get_4xx_saying_what_is_wrong",
        f"{SERVING}::test_a_refusal_names_the_parameter_and_quotes_at_most_40_characters_of_its_value",
        f"{SERVING}::test_values_at_the_edge_of_a_64_bit_integer_are_taken_and_past_it_refused",
        f"{SERVING}::test_well_formed_values_of_the_checked_parameters_are_answered",
        f"{SERVING}::test_a_valid_through_filter_still_works",
        f"{SERVING}::test_a_page_with_many_legitimate_parameters_still_answers",
        f"{SERVING}::test_query_string_parameters_are_capped_at_the_documented_number",
        f"{SERVING}::test_a_row_url_with_the_wrong_number_of_key_values_is_a_404_naming_the_key",
        f"{SERVING}::test_a_row_url_of_a_one_column_key_given_two_values_is_a_404_naming_the_key",
        f"{SERVING}::test_a_row_url_is_read_as_datasette_routes_it_from_the_raw_path",
        f"{SERVING}::test_a_page_of_three_path_segments_is_not_taken_for_a_row",
        f"{SERVING}::test_the_guards_read_a_request_without_a_raw_path",
        f"{ERRORS}::test_options_answers_which_methods_the_site_takes_and_nothing_else",
        f"{ERRORS}::test_write_methods_are_refused_in_process",
        f"{ERRORS}::test_a_request_target_that_is_not_a_path_is_answered_without_a_500",
    ],
    # Tests without a site first (the printf parser's mutants fall to the property tests in a second or two).
    "plugins/sqlite_limits.py": [
        f"{DOCUMENTED}::test_sqlite_limits_are_the_documented_ones",
        f"{SERVING}::test_every_function_visitors_may_call_has_been_looked_at",
        f"{SERVING}::test_each_repeated_character_is_counted_as_sqlite_reads_the_format",
        f"{SERVING}::test_a_negative_precision_past_the_value_limit_is_counted_as_its_opposite",
        f"{SERVING}::test_the_bounded_printf_answers_like_sqlite_at_the_value_limit",
        f"{SERVING}::test_the_bounded_printf_answers_what_sqlites_printf_answers",
        f"{SERVING}::test_the_bounded_trims_answer_what_sqlites_answer",
        f"{SERVING}::test_a_result_stopped_at_the_cap_leaves_no_statement_half_read",
        f"{SERVING}::test_the_result_cap_counts_each_statement_apart",
        f"{SERVING}::test_a_statement_of_exactly_the_cap_is_answered_and_one_byte_more_refused",
        f"{SERVING}::test_a_character_repeated_past_the_value_limit_is_answered_without_running_sqlites_printf",
        f"{SERVING}::test_the_limits_leave_room_for_everything_the_publication_holds",
        f"{SERVING}::test_every_connection_carries_the_documented_sqlite_limits",
        f"{SERVING}::test_visitors_connections_carry_the_caps_and_the_bounded_functions",
        f"{SERVING}::test_visitors_connections_replace_printf_format_and_the_two_argument_trims",
        f"{SERVING}::test_what_reveals_the_server_is_refused_to_visitors_and_to_pages",
        f"{SERVING}::test_what_the_refusals_leave_is_answered",
        f"{SERVING}::test_no_page_reveals_a_server_path",
        f"{SERVING}::test_the_database_path_cannot_be_guessed_through_a_filter",
        f"{SERVING}::test_whole_documents_and_legitimate_sql_still_answer",
        f"{SERVING}::test_a_failing_query_downloaded_as_csv_is_a_400_never_cached",
        f"{SERVING}::test_a_gigabyte_value_is_refused_at_once",
        f"{SERVING}::test_a_result_larger_than_the_cap_is_refused",
        f"{SERVING}::test_a_result_under_the_cap_is_answered_whole",
        f"{SERVING}::test_sql_deeper_or_longer_than_the_limits_is_refused",
        f"{SERVING}::test_memory_stays_bounded_under_parallel_worst_case_sql",
        f"{SERVING}::test_the_worst_call_of_a_bounded_function_answers_what_sqlite_would",
        f"{SERVING}::test_a_function_that_outlasts_the_limit_is_refused_to_visitors",
        f"{SERVING}::test_the_worst_call_of_a_capped_function_is_answered",
    ],
}
# The hypothesis tests' example counts, lowered for the run: each mutant is one pytest run.
TEST_ENV = {"HOSTILE_EXAMPLES": "100"}
TIMEOUT_FACTOR, TIMEOUT_MIN_S = 4, 60  # a mutant whose tests run 4x longer than the baseline is a timeout

KEPT_COMPARISONS = {("Eq", "NotEq"), ("NotEq", "Eq"), ("Lt", "LtE"), ("LtE", "Lt"), ("Gt", "GtE"), ("GtE", "Gt"),
                    ("Lt", "GtE"), ("GtE", "Lt"), ("Gt", "LtE"), ("LtE", "Gt"), ("In", "NotIn"), ("NotIn", "In"),
                    ("Is", "IsNot"), ("IsNot", "Is")}
EXCLUDED_OPERATORS = [r"core/ReplaceBinaryOperator_\w+_(Pow|Mod|FloorDiv|RShift|LShift|BitOr|BitAnd|BitXor)$",
                      r"core/ReplaceBinaryOperator_(Pow|Mod|FloorDiv|RShift|LShift|BitOr|BitAnd|BitXor)_\w+$",
                      r"core/ReplaceComparisonOperator_(?!(%s)$)\w+$" % "|".join(sorted(f"{a}_{b}" for a, b in KEPT_COMPARISONS))]


def session_name(module: str) -> str:
    return module.removesuffix(".py").replace("/", ".")


def prepare_work_copy() -> None:
    """A fresh copy of the tracked files as they are in the working tree, plus the build's outputs."""
    if not (REPO / "serrano.db").exists():
        raise SystemExit("serrano.db is missing: run make build first")
    if WORK.exists():
        shutil.rmtree(WORK)
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        source = REPO / name
        if source.is_file():
            (WORK / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, WORK / name)
    for name in BUILD_OUTPUTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, WORK / name)
        elif source.is_file():
            shutil.copy2(source, WORK / name)
    # The live-server tests serve the site from <checkout>/.venv (tests/conftest.py, SERVE_BIN): the
    # copy uses the checkout's serving environment, which holds no code of the mutated modules.
    (WORK / ".venv").symlink_to(REPO / ".venv", target_is_directory=True)


def config_for(module: str, timeout_s: float) -> Path:
    tests = " ".join(MODULES[module])
    command = f"{PYTHON} -m pytest -x -q -p no:cacheprovider -m 'not browser and not scale' {tests}"
    path = STATE / f"{session_name(module)}.toml"
    path.write_text(
        "[cosmic-ray]\n"
        f'module-path = "{module}"\n'
        f"timeout = {timeout_s:.0f}\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(command)}\n\n"
        '[cosmic-ray.distributor]\nname = "local"\n\n'
        "[cosmic-ray.filters.operators-filter]\n"
        f"exclude-operators = {json.dumps(EXCLUDED_OPERATORS)}\n")
    return path


def tool(*args, check=True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(TOOLS / args[0]), *map(str, args[1:])], cwd=WORK if WORK.exists() else STATE, check=check,
                          env={**os.environ, **TEST_ENV}, **kwargs)


def baseline_seconds(module: str) -> float:
    """The module's tests on the unmutated copy: they must pass, and their time sets the timeout."""
    started = time.monotonic()
    result = subprocess.run(f"{PYTHON} -m pytest -x -q -p no:cacheprovider -m 'not browser and not scale' "
                            + " ".join(MODULES[module]), shell=True, cwd=WORK, env={**os.environ, **TEST_ENV},
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{module}: its tests fail without any mutation:\n{result.stdout[-3000:]}")
    return time.monotonic() - started


def run_module(module: str, fresh: bool) -> dict:
    session = STATE / f"{session_name(module)}.sqlite"
    started = time.monotonic()
    seconds = baseline_seconds(module)
    config = config_for(module, max(TIMEOUT_MIN_S, TIMEOUT_FACTOR * seconds))
    if fresh or not session.exists():
        session.unlink(missing_ok=True)
        tool("cosmic-ray", "init", config, session, capture_output=True)
        tool("cr-filter-operators", session, config, capture_output=True)
    print(f"{module}: baseline {seconds:.0f} s; mutating ...", flush=True)
    tool("cosmic-ray", "exec", config, session)
    return summarise(module, session, time.monotonic() - started)


def summarise(module: str, session: Path, seconds: float) -> dict:
    dump = tool("cosmic-ray", "dump", session, capture_output=True, text=True).stdout
    counts = {"killed": 0, "survived": 0, "timeout": 0, "incompetent": 0, "pending": 0}
    survivors = []
    for line in dump.splitlines():
        item, result = json.loads(line)
        if result is None:
            counts["pending"] += 1
            continue
        if result["worker_outcome"] == "skipped":  # an operator left out by EXCLUDED_OPERATORS
            continue
        if result["worker_outcome"] == "timeout":
            counts["timeout"] += 1  # the tests did not finish: the mutant is caught, as a hang
        elif result["test_outcome"] == "survived":
            counts["survived"] += 1
            mutation = item["mutations"][0]
            survivors.append({"module": module, "line": mutation["start_pos"][0],
                              "operator": mutation["operator_name"].removeprefix("core/"),
                              "occurrence": mutation["occurrence"], "diff": result.get("diff") or ""})
        elif result["test_outcome"] == "killed":
            counts["killed"] += 1
        else:
            counts["incompetent"] += 1
    done = counts["killed"] + counts["survived"] + counts["timeout"]
    rate = (counts["killed"] + counts["timeout"]) / done if done else None
    return {"module": module, **counts, "mutants": done + counts["incompetent"] + counts["pending"],
            "kill_rate": rate, "seconds": round(seconds), "survivors": survivors}


def print_report(rows: list[dict], survivors: list[dict]) -> None:
    print(f"\n{'module':34} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} {'other':>5} {'rate':>6} {'time':>6}")
    for r in rows:
        rate = f"{r['kill_rate']:.0%}" if r["kill_rate"] is not None else "-"
        print(f"{r['module']:34} {r['mutants']:>7} {r['killed']:>6} {r['timeout']:>7} {r['survived']:>8} "
              f"{r['incompetent'] + r['pending']:>5} {rate:>6} {r['seconds']:>5}s")
    killed = sum(r["killed"] + r["timeout"] for r in rows)
    judged = killed + sum(r["survived"] for r in rows)
    if judged:
        print(f"{'all':34} {sum(r['mutants'] for r in rows):>7} {'':>6} {'':>7} {judged - killed:>8} {'':>5} "
              f"{killed / judged:>6.0%}")
    for s in survivors:
        print(f"\nSURVIVED {s['module']}:{s['line']} {s['operator']} (occurrence {s['occurrence']})")
        print("\n".join(line for line in s["diff"].splitlines() if line.startswith(("+", "-"))
                        and not line.startswith(("+++", "---"))))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: every one in the table)")
    parser.add_argument("--fresh", action="store_true", help="discard the sessions of earlier runs")
    parser.add_argument("--list", action="store_true", help="print the modules and their tests, and stop")
    parser.add_argument("--rejudge", action="store_true",
                        help="run the current tests against each kept survivor again (after tests were added)")
    parser.add_argument("--report", action="store_true",
                        help="only print what the kept sessions hold (mutants not yet run are counted as pending)")
    args = parser.parse_args(argv)
    modules = args.modules or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        raise SystemExit(f"not in mutation/run.py's table: {', '.join(unknown)}")
    if args.list:
        for module in modules:
            print(f"{module}: {' '.join(MODULES[module])}")
        return 0
    if args.rejudge:
        return rejudge(modules)
    if args.report:
        rows, survivors = [], []
        for module in modules:
            session = STATE / f"{session_name(module)}.sqlite"
            if session.exists():
                row = summarise(module, session, 0)
                survivors += row.pop("survivors")
                rows.append(row)
        print_report(rows, survivors)
        return 0
    STATE.mkdir(exist_ok=True)
    prepare_work_copy()
    started = time.strftime("%Y-%m-%d %H:%M")
    rows, survivors = [], []
    for module in modules:
        row = run_module(module, args.fresh)
        survivors += row.pop("survivors")
        rows.append(row)
    print_report(rows, survivors)
    (STATE / "report.json").write_text(json.dumps({"started": started, "modules": rows, "survivors": survivors},
                                                  indent=2) + "\n")
    print(f"\nwritten {(STATE / 'report.json').relative_to(REPO)}")
    return 0


def rejudge(modules: list[str]) -> int:
    """Each survivor of the kept sessions, applied alone to a fresh copy and judged by the module's current tests.

    cosmic-ray never reruns a finished mutant, so a survivor that a test added since would kill stays
    "survived" in its session; this says which still survive, without running every mutant again.
    """
    prepare_work_copy()
    still, killed = [], []
    for module in modules:
        session = STATE / f"{session_name(module)}.sqlite"
        if not session.exists():
            continue
        survivors = summarise(module, session, 0)["survivors"]
        if not survivors:
            continue
        # The same timeout as the run's: a mutant that makes the tests hang is caught, as in the run.
        timeout_s = max(TIMEOUT_MIN_S, TIMEOUT_FACTOR * baseline_seconds(module))
        original = (WORK / module).read_bytes()
        command = (f"{PYTHON} -m pytest -x -q -p no:cacheprovider -m 'not browser and not scale' "
                   + " ".join(MODULES[module]))
        for survivor in survivors:
            operator = "core/" + survivor["operator"]
            try:
                tool("cosmic-ray", "apply", module, operator, survivor["occurrence"], capture_output=True)
                result = subprocess.run(command, shell=True, cwd=WORK, env={**os.environ, **TEST_ENV},
                                        capture_output=True, text=True, timeout=timeout_s)
                outcome = killed if result.returncode != 0 else still
            except subprocess.TimeoutExpired:
                outcome = killed
            finally:
                (WORK / module).write_bytes(original)
            outcome.append(survivor)
            print(f"{'killed  ' if outcome is killed else 'SURVIVES'} {module}:{survivor['line']} {survivor['operator']} "
                  f"(occurrence {survivor['occurrence']})", flush=True)
    print(f"\n{len(killed)} of {len(killed) + len(still)} survivors are now killed; still surviving:")
    print_report([], still)
    (STATE / "rejudged.json").write_text(json.dumps({"killed": killed, "surviving": still}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
