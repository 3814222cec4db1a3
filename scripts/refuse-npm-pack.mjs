// `prepack` of every package: `npm pack` and `npm publish` in this pnpm workspace would ship
// `workspace:` ranges, which `npm install` then rejects without a useful message. pnpm
// rewrites them to real versions, so only pnpm may pack.
if (!(process.env.npm_config_user_agent ?? '').startsWith('pnpm/')) {
  console.error(
    'Pack and publish these packages with pnpm (`pnpm pack`, `pnpm publish` or `pnpm changeset publish`): npm would leave `workspace:` ranges in the tarball, which npm install cannot resolve.',
  );
  process.exit(1);
}
