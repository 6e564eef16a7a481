// Bench child processes end with their parent: the parent holds the write end of the child's
// stdin, so when the parent dies (even by SIGKILL) stdin closes and the child cleans up and exits.
export function exitWithParent(cleanup: () => Promise<void>): void {
  let leaving = false;
  const leave = () => {
    if (leaving) return;
    leaving = true;
    cleanup().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.stdin.on('end', leave);
  process.stdin.on('close', leave);
  process.stdin.resume();
  process.on('SIGTERM', leave);
  process.on('SIGINT', leave);
}
