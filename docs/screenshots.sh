#!/usr/bin/env bash
# Remakes docs/dashboard.png, docs/top.png and docs/top.txt from a small live swarm of its own (private swarm
# directory and tmux servers, removed at the end): the page photographed by headless Chromium, `swarm top` in an
# 80x24 tmux pane captured with its colours and drawn as HTML for Chromium to photograph. Needs chromium and perl.
set -euo pipefail
docs="$(cd "$(dirname "$0")" && pwd)"
swarm="$docs/../bin/swarm"
work="$(mktemp -d "${TMPDIR:-/tmp}/ai-swarm-shots.XXXXXX")"
export AI_SWARM_DIR="$work/swarm" AI_SWARM_TMUX_SOCKET="ai-swarm-shots-$$"
term="ai-swarm-shots-term-$$"
cleanup() {
  "$swarm" down >/dev/null 2>&1 || true
  tmux -L "$AI_SWARM_TMUX_SOCKET" kill-server >/dev/null 2>&1 || true
  tmux -L "$term" kill-server >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
port=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen=>1,LocalAddr=>"127.0.0.1",LocalPort=>0)->sockport')

"$swarm" init >/dev/null
"$swarm" up --workers 4 --serve --port "$port" >/dev/null
until "$swarm" status 2>/dev/null | grep -q '^master: pid'; do sleep 0.5; done
"$swarm" task add --id migrate-db -- 'echo migrating; sleep 900' >/dev/null
"$swarm" task add --id clean-build -- "printf 'This will run rm -rf build/ and delete 120 files. Continue? [y/N] '; read a" >/dev/null
"$swarm" task add --id unit-tests -- 'echo 412 tests passed' >/dev/null
"$swarm" task add --id lint -- 'echo "src/app.py:12: unused import"; exit 3' >/dev/null
sleep 3
"$swarm" task add --id e2e-tests -- 'sleep 600' >/dev/null
"$swarm" task add --id docs -- 'sleep 600' >/dev/null
"$swarm" task add --id release-notes --priority 7 -- 'make notes' >/dev/null
sleep 4

chrome=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/chromium")


# shoot URL PNG WIDTH HEIGHT CONDITION: a PNG of URL once the JavaScript CONDITION holds (up to 60 s), from headless
# Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: fd 3 in, fd 4 out, NUL-separated)
cat >"$work/shoot.pl" <<'PERL'
use strict; use warnings; use JSON::PP; use MIME::Base64; use POSIX ();
my ($url, $png, $w, $h, $cond, @chrome) = @ARGV;
pipe(my $cmd_r, my $cmd_w) or die; pipe(my $out_r, my $out_w) or die;
my $pid = fork // die;
if (!$pid) {
  open(STDOUT, '>', '/dev/null'); open(STDERR, '>', '/dev/null');
  my ($r, $o) = (fileno($cmd_r), fileno($out_w));
  POSIX::dup2($r, 10); POSIX::dup2($o, 11); POSIX::dup2(10, 3); POSIX::dup2(11, 4); # dup2 clears close-on-exec
  exec(@chrome, '--remote-debugging-pipe', 'about:blank') or die "exec: $!";
}
close $cmd_r; close $out_w;
my $json = JSON::PP->new; my $id = 0; my $buf = '';
sub call {
  my ($method, $params, $session) = @_;
  my %m = (id => ++$id, method => $method, params => $params // {});
  $m{sessionId} = $session if $session;
  syswrite($cmd_w, $json->encode(\%m) . "\0");
  while (1) {
    while ((my $i = index($buf, "\0")) >= 0) {
      my $msg = $json->decode(substr($buf, 0, $i)); $buf = substr($buf, $i + 1);
      next unless defined $msg->{id} && $msg->{id} == $id;
      die "$method: " . $json->encode($msg->{error}) if $msg->{error};
      return $msg->{result};
    }
    sysread($out_r, $buf, 1 << 20, length $buf) or die "chromium closed the pipe";
  }
}
my $target = call('Target.createTarget', { url => $url })->{targetId};
my $session = call('Target.attachToTarget', { targetId => $target, flatten => JSON::PP::true })->{sessionId};
call('Emulation.setDeviceMetricsOverride', { width => $w + 0, height => $h + 0, deviceScaleFactor => 1,
  mobile => JSON::PP::false }, $session);
for (1 .. 120) {
  last if call('Runtime.evaluate', { expression => "!!($cond)", returnByValue => JSON::PP::true }, $session)
    ->{result}{value};
  select(undef, undef, undef, 0.5);
}
select(undef, undef, undef, 0.5);
my $shot = call('Page.captureScreenshot', { format => 'png' }, $session);
open(my $f, '>:raw', $png) or die; print $f decode_base64($shot->{data}); close $f;
eval { call('Browser.close') };
waitpid($pid, 0);
PERL
shoot() { TMPDIR="$work" perl "$work/shoot.pl" "$@" "${chrome[@]}"; }
shoot "http://127.0.0.1:$port/" "$docs/dashboard.png" 1280 860 \
  "document.querySelectorAll('#workers tbody tr').length === 4 && document.querySelectorAll('#tasks tbody tr').length === 7"

tmux -L "$term" new-session -d -x 80 -y 24 "env LANG=C.UTF-8 AI_SWARM_DIR='$AI_SWARM_DIR' \
AI_SWARM_TMUX_SOCKET='$AI_SWARM_TMUX_SOCKET' '$swarm' top; sleep 60"
sleep 6
tmux -L "$term" capture-pane -p >"$docs/top.txt"
tmux -L "$term" capture-pane -p -e | perl -e '
  my @fg = ("#1d1d1b","#e05252","#4caf50","#d7b84a","#5c9ded","#c678dd","#56b6c2","#e6e6e6");
  print "<!doctype html><meta charset=utf-8><body style=\"margin:0;background:#1d1d1b\"><pre style=\"margin:0;padding:12px;",
        "font:15px/1.3 DejaVu Sans Mono,monospace;color:#e6e6e6\">";
  my ($open, %st) = (0);
  while (my $line = <STDIN>) {
    for my $part (split /(\e\[[0-9;]*m)/, $line) {
      if ($part =~ /^\e\[([0-9;]*)m$/) {
        for my $c (split /;/, ($1 eq "" ? "0" : $1)) {
          if ($c == 0) { %st = () } elsif ($c == 1) { $st{b} = 1 } elsif ($c == 2) { $st{d} = 1 }
          elsif ($c == 7) { $st{r} = 1 } elsif ($c == 22) { delete @st{qw(b d)} } elsif ($c == 27) { delete $st{r} }
          elsif ($c >= 30 && $c <= 37) { $st{f} = $fg[$c - 30] } elsif ($c == 39) { delete $st{f} }
        }
        print "</span>" if $open;
        my $f = $st{f} // "#e6e6e6";
        my $css = $st{r} ? "background:$f;color:#1d1d1b" : "color:$f";
        $css .= ";font-weight:bold" if $st{b};
        $css .= ";opacity:.6" if $st{d};
        print "<span style=\"$css\">"; $open = 1;
      } else {
        $part =~ s/&/&amp;/g; $part =~ s/</&lt;/g; $part =~ s/>/&gt;/g; print $part;
      }
    }
  }
  print "</span>" if $open; print "</pre>";' >"$work/top.html"
shoot "file://$work/top.html" "$docs/top.png" 760 500 "document.readyState === 'complete'"
echo "made $docs/dashboard.png, $docs/top.png and $docs/top.txt"
