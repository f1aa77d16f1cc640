"""Rows added for the byid-can-sd-tool round (session 17): pip building a C extension from source when the compiler it
spawns is not installed (setuptools/distutils spawn(): `error: command 'gcc' failed: No such file or directory`, CPython
2.7-3.8's `unable to execute 'gcc': ...`, and Windows without Visual Studio's C++ build tools), and cmd.exe's "is not
recognized" inside a JSON-logged Node exec error (VS Code extensions)."""

from __future__ import annotations

from tests.textkit import first

# NabuCasa/silabs-firmware#15: pip on Home Assistant OS, cffi built from source, no gcc in the environment
PIP_NO_GCC = """  Running setup.py install for cffi ... error
  error: subprocess-exited-with-error
     error: command 'gcc' failed: No such file or directory
      [end of output]
error: legacy-install-failure"""

# CPython 2.7-3.8 Lib/distutils/spawn.py _spawn_posix: the child's message, then the parent's exit status
DISTUTILS_UNABLE = """    unable to execute 'x86_64-linux-gnu-gcc': No such file or directory
    error: command 'x86_64-linux-gnu-gcc' failed with exit status 1"""

# setuptools _distutils/_msvccompiler.py: no vcvarsall.bat found
MSVC_MISSING = ('error: Microsoft Visual C++ 14.0 or greater is required. Get it with "Microsoft C++ Build Tools": '
                "https://visualstudio.microsoft.com/visual-cpp-build-tools/")


def test_setuptools_spawn_missing_compiler_is_tool_missing():
    assert first(PIP_NO_GCC) == "TOOL001"


def test_old_distutils_unable_to_execute_is_tool_missing():
    assert first(DISTUTILS_UNABLE) == "TOOL001"


def test_msvc_build_tools_missing_is_tool_missing():
    assert first(MSVC_MISSING) == "TOOL001"


# vscode-esp-idf-extension#795: the extension logs Node's exec error ("Command failed: <cmd>\n<stderr>") as JSON
VSCODE_JSON_NOT_RECOGNIZED = ('{"message":"Command failed: esp32ulp-elf-as --version\\n\'esp32ulp-elf-as\' is not recognized as '
                              'an internal or external command,\\r\\noperable program or batch file.\\r\\n","level":"error"}')


def test_cmd_not_recognized_inside_json_logged_exec_error_is_tool_missing():
    assert first(VSCODE_JSON_NOT_RECOGNIZED) == "TOOL001"
