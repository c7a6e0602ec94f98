import {
  Alert,
  Button,
  ButtonLink,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormLabel,
  Heading,
  Paragraph,
  RadioButton,
  Select,
  SelectOption,
} from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, request, useSession } from '../api/client';
import { ErrorState, Loading } from '../components/States';
import { useDocumentTitle } from '../layout/document-title';
import { useT, type AnyMessageKey } from '../i18n/i18n';

/** An organisation of the development directory (`GET /auth/dev/organisations`). */
interface DevOrganisation {
  id: string;
  kind: string;
  name: string;
  roles: string[];
}

/** Where to go after signing in: a path of this app only, never another site. */
export function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

/** Why the portal sent the browser back here (`?fout=`), set by the OpenID Connect callback. */
const SIGN_IN_FAILURES = ['mislukt', 'verlopen', 'onbereikbaar'] as const;

/** Signing in: with the organisation's account (OpenID Connect) and, in development only, as any organisation and role. */
export function SignInPage() {
  const { t } = useT();
  const session = useSession();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const failure = params.get('fout');
  useDocumentTitle(t('signIn.title'));

  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorState error={session.error} retry={() => void session.refetch()} />;

  return (
    <section className="kp-narrow" aria-labelledby="sign-in-title">
      <Heading level={1} id="sign-in-title">
        {t('signIn.title')}
      </Heading>
      {params.get('verlopen') && (
        <Alert type="warning">
          <Paragraph>{t('signIn.expired')}</Paragraph>
        </Alert>
      )}
      {failure && (
        <Alert type="error">
          <Paragraph>
            {(SIGN_IN_FAILURES as readonly string[]).includes(failure)
              ? t(`signIn.failure.${failure}` as AnyMessageKey)
              : t('signIn.failure.mislukt')}
          </Paragraph>
        </Alert>
      )}
      {session.data.signedIn ? (
        <>
          <Paragraph>
            {t('signIn.already', {
              organisation: session.data.user.organisation.name,
              role: t(`role.${session.data.user.roles[0] ?? 'partner'}` as AnyMessageKey),
            })}
          </Paragraph>
          <Paragraph>
            <Link className="utrecht-link utrecht-link--html-a" to={returnTo}>
              {t('signIn.continue')}
            </Link>
          </Paragraph>
        </>
      ) : (
        <>
          <Paragraph>{t('signIn.intro')}</Paragraph>
          {session.data.methods.oidc && (
            <section aria-labelledby="sign-in-oidc" className="kp-section">
              <Heading level={2} id="sign-in-oidc">
                {t('signIn.oidcTitle')}
              </Heading>
              <Paragraph>{t('signIn.oidcIntro')}</Paragraph>
              <ButtonLink
                appearance="primary-action-button"
                href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}
              >
                {t('signIn.submit')}
              </ButtonLink>
            </section>
          )}
          {session.data.methods.dev && <DevSignIn returnTo={returnTo} />}
          {!session.data.methods.oidc && !session.data.methods.dev && (
            <Alert type="error">
              <Paragraph>{t('signIn.noMethod')}</Paragraph>
            </Alert>
          )}
        </>
      )}
    </section>
  );
}

/** The development sign-in: one organisation of the dev directory and one of its roles. */
function DevSignIn({ returnTo }: { returnTo: string }) {
  const { t } = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const organisations = useQuery({
    queryKey: ['dev-organisations'],
    queryFn: () => request<DevOrganisation[]>('GET', '/auth/dev/organisations'),
    staleTime: Infinity,
  });
  const [chosenOrg, setOrgId] = useState<string>();
  const [chosenRole, setRole] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const list = organisations.data ?? [];
  const orgId = chosenOrg ?? list[0]?.id ?? '';
  const selected = list.find((o) => o.id === orgId);
  const role = chosenRole && selected?.roles.includes(chosenRole) ? chosenRole : (selected?.roles[0] ?? '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setBusy(true);
    try {
      await request('POST', '/auth/dev/sign-in', { orgId, role });
      await queryClient.resetQueries({ queryKey: ['session'] });
      void navigate(returnTo, { replace: true });
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="sign-in-dev" className="kp-section">
      <Heading level={2} id="sign-in-dev">
        {t('signIn.devTitle')}
      </Heading>
      <Alert type="warning">
        <Paragraph>{t('signIn.devIntro')}</Paragraph>
      </Alert>
      {organisations.isPending ? (
        <Loading />
      ) : organisations.isError ? (
        <ErrorState error={organisations.error} retry={() => void organisations.refetch()} />
      ) : (
        <form onSubmit={(e) => void submit(e)} className="kp-form" noValidate>
          {failure && (
            <Alert type="error" role="alert">
              <Paragraph>{t('signIn.failed', { message: failure })}</Paragraph>
            </Alert>
          )}
          <FormField>
            <FormLabel htmlFor="sign-in-organisation">{t('signIn.organisation')}</FormLabel>
            <Select id="sign-in-organisation" value={orgId} onChange={(e) => setOrgId(e.target.value)}>
              {list.map((o) => (
                <SelectOption key={o.id} value={o.id}>
                  {o.name} ({o.id})
                </SelectOption>
              ))}
            </Select>
          </FormField>
          <Fieldset>
            <FieldsetLegend>{t('signIn.role')}</FieldsetLegend>
            {selected?.roles.map((r) => (
              <div className="kp-radio" key={r}>
                <RadioButton
                  id={`sign-in-role-${r}`}
                  name="role"
                  value={r}
                  checked={role === r}
                  onChange={() => setRole(r)}
                />
                <FormLabel htmlFor={`sign-in-role-${r}`} type="radio" checked={role === r}>
                  {t(`role.${r}` as AnyMessageKey)}
                </FormLabel>
              </div>
            ))}
          </Fieldset>
          <Button type="submit" appearance="primary-action-button" busy={busy} disabled={busy || !role}>
            {t('signIn.submit')}
          </Button>
        </form>
      )}
    </section>
  );
}
