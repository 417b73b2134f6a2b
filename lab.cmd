@echo off
rem The `lab` command (tools/Lab) for cmd.exe: lab list, lab start db-02, lab test db-02, lab grade, lab diff, lab verify,
rem lab demo, lab bench db-02, lab mutate db-01.
rem Runs the tool with `dotnet run` (which builds it in Release when its sources changed). Works
rem from any directory; your current directory is kept, so relative paths mean what you typed.
setlocal
dotnet run --project "%~dp0tools\Lab\Lab.csproj" -c Release -v q -- %*
exit /b %ERRORLEVEL%
