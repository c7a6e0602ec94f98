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
} from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, request, useSession } from '../api/client';
import { Loading } from '../components/States';
import { useT, type AnyMessageKey } from '../i18n/i18n';

interface DevOrganisation {
  id: string;
  kind: string;
  name: string;
  roles: string[];
}

const safeReturnTo = (value: string | null): string =>
  value && value.startsWith('/') && !value.startsWith('//') ? value : '/';

export function SignInPage() {
  const { t } = useT();
  const session = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const devAvailable = session.data?.signedIn === false && session.data.methods.dev;
  const organisations = useQuery({
    queryKey: ['dev-organisations'],
    queryFn: () => request<DevOrganisation[]>('GET', '/auth/dev/organisations'),
    enabled: devAvailable,
  });
  const [orgId, setOrgId] = useState('GM0363');
  const [role, setRole] = useState('counsellor');
  const [failure, setFailure] = useState<string>();

  if (session.isPending) return <Loading />;
  const oidc = session.data?.signedIn === false && session.data.methods.oidc;
  const selected = organisations.data?.find((o) => o.id === orgId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    try {
      await request('POST', '/auth/dev/sign-in', { orgId, role });
      await queryClient.invalidateQueries({ queryKey: ['session'] });
      void navigate(returnTo, { replace: true });
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : String(error));
    }
  };

  return (
    <section className="kp-narrow" aria-labelledby="sign-in-title">
      <Heading level={1} id="sign-in-title">
        {t('signIn.title')}
      </Heading>
      {params.get('verlopen') && (
        <Alert type="warning" role="status">
          <Paragraph>{t('signIn.expired')}</Paragraph>
        </Alert>
      )}
      <Paragraph>{t('signIn.intro')}</Paragraph>
      {oidc && (
        <Paragraph>
          <ButtonLink appearance="primary-action-button" href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}>
            {t('signIn.oidc')}
          </ButtonLink>
        </Paragraph>
      )}
      {devAvailable && (
        <form onSubmit={(e) => void submit(e)} className="kp-form" noValidate>
          <Heading level={2}>{t('signIn.devTitle')}</Heading>
          <Paragraph>{t('signIn.devIntro')}</Paragraph>
          {failure && (
            <Alert type="error" role="alert">
              <Paragraph>{t('signIn.failed', { message: failure })}</Paragraph>
            </Alert>
          )}
          {organisations.isPending ? (
            <Loading />
          ) : (
            <>
              <FormField>
                <FormLabel htmlFor="sign-in-organisation">{t('signIn.organisation')}</FormLabel>
                <select
                  id="sign-in-organisation"
                  className="utrecht-select utrecht-select--html-select"
                  value={orgId}
                  onChange={(e) => {
                    const next = organisations.data?.find((o) => o.id === e.target.value);
                    setOrgId(e.target.value);
                    setRole(next?.roles[0] ?? '');
                  }}
                >
                  {organisations.data?.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name} ({o.id})
                    </option>
                  ))}
                </select>
              </FormField>
              <Fieldset>
                <FieldsetLegend>{t('signIn.role')}</FieldsetLegend>
                {selected?.roles.map((r) => (
                  <div className="kp-radio" key={r}>
                    <input
                      type="radio"
                      className="utrecht-radio-button utrecht-radio-button--html-input"
                      id={`sign-in-role-${r}`}
                      name="role"
                      value={r}
                      checked={role === r}
                      onChange={() => setRole(r)}
                    />
                    <label htmlFor={`sign-in-role-${r}`} className="utrecht-form-label utrecht-form-label--radio">
                      {t(`role.${r}` as AnyMessageKey)}
                    </label>
                  </div>
                ))}
              </Fieldset>
              <Button type="submit" appearance="primary-action-button">
                {t('signIn.submit')}
              </Button>
            </>
          )}
        </form>
      )}
    </section>
  );
}
