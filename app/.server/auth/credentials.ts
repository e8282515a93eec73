import { z } from 'zod'
import { isCommonPassword } from './common-passwords.ts'

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 256

export const EmailSchema = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }))

export const NewPasswordSchema = z
  .string({ error: 'Choose a password.' })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters for your password.`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters for your password.`)
  .refine((password) => !isCommonPassword(password), {
    message:
      'That password is on lists of the most common passwords, which attackers try first. Choose one of your own, such as a few unrelated words.',
  })

export const CredentialsSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.').max(MAX_PASSWORD_LENGTH),
})

export const SignupSchema = z.object({ email: EmailSchema, password: NewPasswordSchema })

export type FieldErrors = Partial<Record<'email' | 'password' | 'form', string>>

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) {
    const field = issue.path[0] === 'email' || issue.path[0] === 'password' ? issue.path[0] : 'form'
    errors[field] ??= issue.message
  }
  return errors
}
