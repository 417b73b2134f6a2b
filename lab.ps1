# The `lab` command (tools/Lab) for PowerShell: .\lab.ps1 list, .\lab.ps1 start db-02, .\lab.ps1 test db-02, .\lab.ps1 verify, ...
# On any system with the repository's local tools restored (dotnet tool restore): dotnet pwsh lab.ps1 list
# Builds the tool once (Release) and runs its dll; rebuilds only when a file of tools/Lab or the
# root build settings changed since. Works from any directory; your current directory is kept,
# so relative paths (--impl ..\MyWal) mean what you typed.
# PowerShell consumes a bare -- itself: quote it to pass arguments through, .\lab.ps1 demo '--' --rows 10
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
$dll = Join-Path $root 'tools/Lab/bin/Release/net10.0/FromScratch.Lab.dll'

function Test-Stale {
    if (-not (Test-Path -LiteralPath $dll)) { return $true }
    $built = (Get-Item -LiteralPath $dll).LastWriteTimeUtc
    $sources = @(Get-ChildItem -LiteralPath (Join-Path $root 'tools/Lab') -Recurse -File |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
    $sources += @(Get-ChildItem -LiteralPath (Join-Path $root 'build') -Recurse -File -ErrorAction SilentlyContinue)
    foreach ($name in 'global.json', 'Directory.Build.props', 'Directory.Build.targets', 'Directory.Packages.props') {
        $path = Join-Path $root $name
        if (Test-Path -LiteralPath $path) { $sources += Get-Item -LiteralPath $path }
    }
    return [bool]($sources | Where-Object { $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
}

if (Test-Stale) {
    # Build from the repository root so its global.json picks the SDK. Quiet when it works; the
    # whole build log (on stderr) when it does not.
    [Console]::Error.WriteLine('lab: building tools/Lab (first run, or its sources changed)...')
    # 'Continue' while dotnet runs: with 'Stop', Windows PowerShell turns any line the build writes
    # to stderr into a terminating error before its exit code can be read.
    Push-Location -LiteralPath $root
    $ErrorActionPreference = 'Continue'
    try {
        $log = & dotnet build tools/Lab/Lab.csproj -c Release -v q --nologo 2>&1
        $code = $LASTEXITCODE
    }
    finally {
        $ErrorActionPreference = 'Stop'
        Pop-Location
    }
    if ($code -ne 0) {
        $log | ForEach-Object { [Console]::Error.WriteLine($_) }
        [Console]::Error.WriteLine('lab: building tools/Lab failed (see above).')
        exit 1
    }
    (Get-Item -LiteralPath $dll).LastWriteTimeUtc = [DateTime]::UtcNow
}

& dotnet $dll @args
exit $LASTEXITCODE
